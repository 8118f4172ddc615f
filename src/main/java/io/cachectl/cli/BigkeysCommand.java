package io.cachectl.cli;

import io.cachectl.bigkeys.BigkeysReport;
import io.cachectl.bigkeys.BigkeysService;
import io.cachectl.bigkeys.BigkeysView;
import io.cachectl.connect.Target;
import io.cachectl.effect.Ledger;
import io.cachectl.effect.Recorder;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.error.ExitCode;
import io.cachectl.input.SizeConverter;
import io.cachectl.output.Progress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bigkeys", mixinStandardHelpOptions = true,
        description = "Where the memory goes: top keys, keys over 1 MB, types, namespaces, size distribution.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  cachectl bigkeys                          every key of every primary, top 20 by memory",
            "  cachectl bigkeys --check                  CI gate: exit 1 if any key is over 1 MB",
            "  cachectl bigkeys --threshold 256KB --top 50 --json | jq '.over_threshold[].key'",
            "  cachectl bigkeys --delimiters ':/' --depth 3   namespaces split on ':' and '/'",
            "  cachectl bigkeys --sample-pct 5 --rate 20000   quick estimate, gentle on the server",
            "  cachectl bigkeys --replicas               scan replicas, spare the primaries",
            "  cachectl bigkeys --csv > top.csv          top keys as CSV"})
public final class BigkeysCommand implements Callable<Integer> {
    private final Context context;

    @Mixin
    ConnectionOptions connection;

    @Mixin(name = "output")
    OutputOptions output;

    @Mixin
    ScanOptionsMixin scan;

    @Mixin
    NamespaceOptions namespaces;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
            description = "Keys in the top lists (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--threshold", paramLabel = "SIZE", defaultValue = "1MB", converter = SizeConverter.class,
            description = "List every key at least this big (default: ${DEFAULT-VALUE}, the guide's limit).")
    long threshold;

    @Option(names = "--namespaces", paramLabel = "N", defaultValue = "20",
            description = "Namespace rows before the rest is summed as (other) (default: ${DEFAULT-VALUE}).")
    int namespaceRows;

    @Option(names = "--check", description = "Exit 1 when any key is over the threshold (for CI).")
    boolean check;

    @Option(names = "--csv", description = "Print the top keys as CSV (key,type,bytes,length,ttl_ms,node).")
    boolean csv;

    public BigkeysCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (top < 0) {
            throw CachectlException.usage("--top must not be negative (got " + top + ")");
        }
        if (threshold < 1) {
            throw CachectlException.usage("--threshold must be positive (got " + threshold + ")");
        }
        if (namespaceRows < 1) {
            throw CachectlException.usage("--namespaces must be positive (got " + namespaceRows + ")");
        }
        if (csv && output.json()) {
            throw CachectlException.usage("choose --json or --csv, not both");
        }
        Console console = context.console();
        BigkeysService.Settings settings = new BigkeysService.Settings(top, threshold, namespaces.namespaces(), namespaceRows);
        var options = scan.scanOptions();
        try (Ledger ledger = Ledger.open(console.env()); Target target = context.connect(connection);
                Progress progress = Progress.start(console, !output.json() && !csv, "bigkeys", 0, "keys")) {
            BigkeysReport report = new BigkeysService(target, settings, Recorder.of(ledger, target)).run(options, progress);
            progress.close();
            ScanEnd.beforeReport(report.scan());
            report.notes().forEach(console::note);
            if (output.json()) {
                console.json(report);
            } else if (csv) {
                BigkeysView.csv(report).forEach(console::println);
            } else {
                new BigkeysView(console.style()).render(report).forEach(console::printFit);
            }
            int code = ScanEnd.exitCode(console, report.scan(), check && !report.overThreshold().isEmpty());
            if (code == ExitCode.CHECK_FAILED) {
                var over = report.overThreshold();
                CheckFailure.print(console, over.size() + (over.size() == 1 ? " key" : " keys") + " over "
                        + io.cachectl.output.Units.bytes(report.thresholdBytes()) + ": " + over.stream().limit(3)
                                .map(k -> k.key() + " (" + io.cachectl.output.Units.bytes(k.bytes()) + ")")
                                .collect(java.util.stream.Collectors.joining(", ")) + (over.size() > 3 ? ", …" : ""));
            }
            return code;
        }
    }
}
