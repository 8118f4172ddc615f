package io.cachectl.cli;

import io.cachectl.connect.Target;
import io.cachectl.effect.Ledger;
import io.cachectl.effect.Recorder;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.error.ExitCode;
import io.cachectl.output.Progress;
import io.cachectl.ttl.TtlAuditService;
import io.cachectl.ttl.TtlPolicy;
import io.cachectl.ttl.TtlReport;
import io.cachectl.ttl.TtlView;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ttl-audit", mixinStandardHelpOptions = true,
        description = "Which keys never expire, TTL classes per namespace, TTL policy violations.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  cachectl ttl-audit                        keys without TTL, TTL classes per namespace",
            "  cachectl ttl-audit --check                CI gate: exit 1 if any key never expires",
            "  cachectl ttl-audit --policy ttl.json --check   judge against your rules",
            "      ttl.json: {\"rules\": [{\"pattern\": \"rate_limit:*\", \"min_ttl\": \"1m\", \"max_ttl\": \"5m\"},",
            "                 {\"pattern\": \"config:*\", \"no_ttl_allowed\": true}, {\"pattern\": \"*\"}]}",
            "  cachectl ttl-audit --json | jq '.namespaces[] | select(.no_ttl_keys > 0)'",
            "  cachectl ttl-audit --sample 100000        quick estimate on a big keyspace"})
public final class TtlAuditCommand implements Callable<Integer> {
    private final Context context;

    @Mixin
    ConnectionOptions connection;

    @Mixin(name = "output")
    OutputOptions output;

    @Mixin
    ScanOptionsMixin scan;

    @Mixin
    NamespaceOptions namespaces;

    @Option(names = "--policy", paramLabel = "FILE", description = "TTL rules (JSON): first matching pattern wins;"
            + " keys matching none are not judged. Default: every key must expire.")
    Path policy;

    @Option(names = "--check", description = "Exit 1 on any policy violation (for CI).")
    boolean check;

    @Option(names = "--namespaces", paramLabel = "N", defaultValue = "20",
            description = "Namespace rows before the rest is summed as (other) (default: ${DEFAULT-VALUE}).")
    int namespaceRows;

    @Option(names = "--examples", paramLabel = "N", defaultValue = "5",
            description = "Example keys per finding (default: ${DEFAULT-VALUE}).")
    int examples;

    public TtlAuditCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (namespaceRows < 1) {
            throw CachectlException.usage("--namespaces must be positive (got " + namespaceRows + ")");
        }
        if (examples < 0) {
            throw CachectlException.usage("--examples must not be negative (got " + examples + ")");
        }
        Console console = context.console();
        TtlPolicy rules = policy == null ? TtlPolicy.defaultPolicy() : TtlPolicy.load(policy);
        TtlAuditService.Settings settings = new TtlAuditService.Settings(namespaces.namespaces(), rules, namespaceRows,
                examples);
        var options = scan.scanOptions();
        try (Ledger ledger = Ledger.open(console.env()); Target target = context.connect(connection);
                Progress progress = Progress.start(console, !output.json(), "ttl-audit", 0, "keys")) {
            TtlReport report = new TtlAuditService(target, settings, Recorder.of(ledger, target)).run(options, progress);
            progress.close();
            ScanEnd.beforeReport(report.scan());
            report.notes().forEach(console::note);
            if (output.json()) {
                console.json(report);
            } else {
                new TtlView(console.style()).render(report).forEach(console::printFit);
            }
            int code = ScanEnd.exitCode(console, report.scan(), check && report.violatingKeys() > 0);
            if (code == ExitCode.CHECK_FAILED) {
                CheckFailure.print(console, report.violatingKeys() + (report.violatingKeys() == 1 ? " key violates"
                        : " keys violate") + " the TTL policy: " + report.violations().stream()
                                .map(v -> v.rule() + " (" + v.keys() + ")")
                                .collect(java.util.stream.Collectors.joining(", ")));
            }
            return code;
        }
    }
}
