package io.cachectl.invalidate;

import io.cachectl.output.Style;
import io.cachectl.output.Table;
import io.cachectl.output.Units;
import java.util.ArrayList;
import java.util.List;

/** Human form of an {@link InvalidateReport}. */
public final class InvalidateView {
    private final Style style;

    public InvalidateView(Style style) {
        this.style = style;
    }

    public List<String> render(InvalidateReport r) {
        List<String> out = new ArrayList<>();
        String what = r.pattern() != null ? "'" + r.pattern() + "'" : "keys from " + r.source();
        String type = r.type() == null ? "" : " of type " + r.type();
        String bytes = r.bytes() == null ? "" : " (" + Units.bytes(r.bytes()) + ")";
        if (r.dryRun()) {
            out.add(style.bold("dry run") + ": " + Units.count(r.matched()) + " keys" + type + " match " + what + bytes
                    + " on " + r.nodes().size() + " node(s); nothing was deleted");
        } else {
            out.add(style.bold("invalidate") + " " + what + type + ": deleted " + style.bold(Units.count(r.deleted()))
                    + " keys" + bytes + ", " + Units.count(r.skipped()) + " already gone, in "
                    + Units.decimal(r.elapsedSeconds(), 2) + " s (" + Units.count((long) r.keysPerSec()) + " keys/s)");
            if (r.unconfirmed() > 0) {
                out.add(style.yellow(Units.count(r.unconfirmed()) + " more keys were sent for deletion but the reply"
                        + " was lost and the server could not be asked again: they may or may not be deleted"));
            }
        }
        if (r.nodes().size() > 1 || r.error() != null) {
            Table t = new Table("node", "matched>", "deleted>", "already gone>", "status");
            for (InvalidateReport.NodeResult n : r.nodes()) {
                t.row(n.node(), Units.count(n.matched()), r.dryRun() ? "-" : Units.count(n.deleted()),
                        r.dryRun() ? "-" : Units.count(n.skipped()),
                        n.error() != null ? style.red("failed: " + n.error())
                                : "0".equals(n.cursor()) || n.cursor() == null ? style.green("done")
                                : style.yellow("stopped at cursor " + n.cursor()));
            }
            out.addAll(t.render(style, "  "));
        }
        if (!r.sample().isEmpty()) {
            out.add(style.dim((r.dryRun() ? "sample: " : "e.g. ") + String.join(", ", r.sample())));
        }
        return out;
    }
}
