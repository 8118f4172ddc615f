package io.cachectl.cli;

import io.cachectl.connect.Target;
import io.cachectl.invalidate.InvalidateReport;
import io.cachectl.invalidate.InvalidateService;
import io.cachectl.invalidate.InvalidateView;
import io.cachectl.invalidate.KeyList;
import io.cachectl.scan.Patterns;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.error.ExitCode;
import io.cachectl.output.Progress;
import io.cachectl.output.Units;
import io.cachectl.scan.ScanOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "invalidate", mixinStandardHelpOptions = true,
        description = "Delete keys by pattern, safely: SCAN + UNLINK on every primary, never KEYS.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  cachectl invalidate 'user:profile:*' --dry-run     how many keys would go, and a sample",
            "  cachectl invalidate 'user:profile:*'               asks before deleting (on a terminal)",
            "  cachectl invalidate 'session:*' --yes --json       in CI: no prompt, JSON summary",
            "  cachectl invalidate 'user:{42}:*' --yes            hash tag: only the node owning the slot",
            "  cachectl invalidate 'rate_limit:*' --type string --rate 5000 --yes",
            "  cachectl invalidate --keys-from stale.txt --yes    exactly the keys listed, one per line",
            "  cachectl invalidate '*' --all --yes                every key (needs --all as well)"})
public final class InvalidateCommand implements Callable<Integer> {
    private final Context context;

    @Mixin
    ConnectionOptions connection;

    @Mixin(name = "output")
    OutputOptions output;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATTERN",
            description = "Redis glob: * ? [a-z] [^x] and \\ escapes, matched by the server (SCAN MATCH).")
    String pattern;

    @Option(names = "--keys-from", paramLabel = "FILE", description = "Delete exactly the keys in FILE, one per line"
            + " ('-' for stdin), instead of a pattern.")
    String keysFrom;

    @Option(names = "--dry-run", description = "Count (and sample) what would be deleted; delete nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask; required when not on a terminal.")
    boolean yes;

    @Option(names = "--all", description = "Allow a pattern that matches every key ('*').")
    boolean all;

    @Option(names = "--with-memory", description = "Also sum MEMORY USAGE of the matched keys.")
    boolean withMemory;

    @Mixin
    BasicScanOptions scan;

    public InvalidateCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if ((pattern == null) == (keysFrom == null)) {
            throw CachectlException.usage("give a PATTERN or --keys-from FILE (one of them)");
        }
        scan.validated();
        if (pattern != null) {
            Patterns.validate(pattern);
            if (Patterns.matchesEverything(pattern) && !all) {
                throw CachectlException.usage("'" + pattern + "' matches every key" + (pattern.indexOf('?') >= 0
                        ? " (every key of at least " + pattern.chars().filter(c -> c == '?').count() + " character(s))" : "")
                        + ": add --all if you mean it");
            }
        }
        Console console = context.console();
        Confirmation gate = Confirmation.of(console, yes, dryRun).stdinHolds("-".equals(keysFrom), "the key list")
                .requireAnswerable(why -> "refusing to delete without confirmation (" + why + ")"
                        + ": add --yes, or --dry-run to preview");
        InvalidateView view = new InvalidateView(console.style());
        try (Target target = context.connect(connection)) {
            InvalidateService service = new InvalidateService(target);
            if (gate.due()) {
                InvalidateReport preview = run(service, console, true);
                if (preview.matched() == 0) {
                    view.render(preview).forEach(console::printFit);
                    return ExitCode.OK;
                }
                if (!gate.granted("Delete " + Units.count(preview.matched()) + " keys on " + preview.nodes().size()
                        + " node(s) of " + target.masked() + "? (e.g. " + String.join(", ", preview.sample()) + ")")) {
                    console.note("cancelled: nothing was deleted");
                    return ExitCode.OK;
                }
            }
            InvalidateReport report = run(service, console, dryRun);
            report.notes().forEach(console::note);
            if (output.json()) {
                console.json(report);
            } else {
                view.render(report).forEach(console::printFit);
            }
            return exitCode(report);
        }
    }

    private InvalidateReport run(InvalidateService service, Console console, boolean dry) {
        try (Progress progress = Progress.start(console, !output.json(), dry ? "matching" : "deleting", 0, "keys")) {
            if (keysFrom != null) {
                try (KeyList keys = KeyList.open(keysFrom, console)) {
                    return service.byList(keys, keysFrom, dry, progress, Interrupts::requested);
                }
            }
            ScanOptions options = service.scanOptions(pattern, scan.type(), scan.count(), scan.rate(), withMemory,
                    Interrupts::requested);
            return service.byPattern(options, dry, progress);
        }
    }

    private int exitCode(InvalidateReport r) {
        if (r.error() != null) {
            String done = r.dryRun() || r.deleted() == 0 && r.unconfirmed() == 0 ? "nothing was deleted"
                    : "deleted " + r.deleted() + " keys before the failure"
                    + (r.unconfirmed() > 0 ? ", " + r.unconfirmed() + " more unconfirmed (their reply was lost)" : "");
            throw new CachectlException(r.deleted() > 0 || r.unconfirmed() > 0 ? ExitCode.PARTIAL : ExitCode.UNAVAILABLE,
                    r.error() + " — " + done + " (per node above)");
        }
        if (!r.complete() && Interrupts.requested()) {
            context.console().warn("interrupted: " + (r.dryRun() ? "counted " + r.matched()
                    : "deleted " + r.deleted()) + " keys before " + Interrupts.what() + "; run the same command again to continue");
            return ExitCode.INTERRUPTED;
        }
        return ExitCode.OK;
    }
}
