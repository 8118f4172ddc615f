package io.cachectl.warm;

import io.cachectl.output.Style;
import io.cachectl.output.Table;
import io.cachectl.output.Units;
import java.util.ArrayList;
import java.util.List;

/** Human output of {@code warm}: the bad records as {@code FILE:LINE: reason}, then the summary. */
public final class WarmView {
    private final Style out;
    private final Style err;

    public WarmView(Style out, Style err) {
        this.out = out;
        this.err = err;
    }

    /** Diagnostics for stderr: one line per bad record (up to the limit), then how many more. */
    public List<String> errors(WarmResult r) {
        List<String> lines = new ArrayList<>();
        for (RecordError e : r.errors()) {
            lines.add(err.bold(r.file() + ":" + e.line() + ":") + " " + e.reason());
        }
        long more = r.errorsTotal() - r.errors().size();
        if (more > 0) {
            lines.add("… and " + Units.count(more) + " more bad record" + (more == 1 ? "" : "s")
                    + " (--max-errors N lists more)");
        }
        if (!r.duplicatesChecked()) {
            lines.add("duplicate keys were not checked: too many records for the duplicate filter (see README)");
        }
        return lines;
    }

    /** The summary for stdout. */
    public List<String> summary(WarmResult r) {
        List<String> lines = new ArrayList<>();
        String head = switch (r.status()) {
            case "dry_run" -> out.green("valid") + ": dry run, nothing written";
            case "invalid" -> out.red("refused") + ": bad records, nothing written";
            case "failed" -> out.red("failed part-way");
            case "interrupted" -> out.yellow("interrupted");
            default -> out.green("done");
        };
        lines.add(out.bold("warm " + r.file()) + (r.target() == null ? "" : " → " + r.target()) + "  " + head);
        Table t = new Table("", "records>");
        t.row("read", Units.count(r.recordsRead()));
        t.row("written", Units.count(r.written()));
        WarmResult.SkippedBy by = r.skippedBy();
        t.row("skipped", Units.count(r.skipped()));
        if (by.exists() > 0) {
            t.row("  key existed (--nx)", Units.count(by.exists()));
        }
        if (by.beforeResume() > 0) {
            t.row("  before --resume-from", Units.count(by.beforeResume()));
        }
        if (by.dryRun() > 0) {
            t.row("  dry run", Units.count(by.dryRun()));
        }
        if (by.invalidFile() > 0) {
            t.row("  file refused", Units.count(by.invalidFile()));
        }
        if (by.notAttempted() > 0) {
            t.row("  not written (stopped)", Units.count(by.notAttempted()));
        }
        t.row("rejected", Units.count(r.rejected()));
        lines.addAll(t.render(out, ""));
        if (r.nodes().size() > 1) {
            Table n = new Table("node", "written>", "skipped>", "redirects>", "retries>");
            r.nodes().forEach(x -> n.row(x.node(), Units.count(x.written()), Units.count(x.skipped()),
                    Units.count(x.redirects()), Units.count(x.retries())));
            lines.add("");
            lines.addAll(n.render(out, ""));
        }
        lines.add("");
        lines.add(Units.bytes(r.bytes()) + ", " + Units.count(r.lines()) + " lines in "
                + Units.decimal(r.elapsedMs() / 1000.0, 1) + " s"
                + (r.recordsPerSec() > 0 ? ", " + Units.count(Math.round(r.recordsPerSec())) + " records/s" : ""));
        if (r.rejectsFile() != null) {
            lines.add("bad lines written to " + r.rejectsFile());
        }
        if (r.resumeLine() != null) {
            lines.add("every record before line " + r.resumeLine() + " is written; continue with "
                    + out.bold("--resume-from " + r.resumeLine()));
        }
        return lines;
    }
}
