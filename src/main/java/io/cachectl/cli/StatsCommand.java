package io.cachectl.cli;

import io.cachectl.connect.Node;
import io.cachectl.connect.Target;
import io.cachectl.effect.Ledger;
import io.cachectl.output.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.output.ExitCode;
import io.cachectl.stats.StatsReport;
import io.cachectl.stats.StatsService;
import io.cachectl.stats.StatsView;
import io.cachectl.targets.Targets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Memory, hit rate, evictions and latency, judged against the guide's four targets.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  cachectl stats                         lifetime counters + live PING latency",
            "  cachectl stats --interval 10           hit rate, evictions and ops over the next 10 s",
            "  cachectl stats --check --json | jq .targets   CI gate: exit 1 when a target FAILs",
            "  cachectl stats --watch 5               one line every 5 s until Ctrl-C",
            "  cachectl stats --min-hit-rate 90       stricter hit-rate target"})
public final class StatsCommand implements Callable<Integer> {
    private final Context context;

    @Mixin
    ConnectionOptions connection;

    @Mixin(name = "output")
    OutputOptions output;

    @Mixin
    TargetOptions targets;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Sample twice, this far apart, and report hit rate, evictions and ops over that window"
                    + " instead of since start-up.")
    Duration interval;

    @Option(names = "--watch", paramLabel = "DURATION", arity = "0..1", fallbackValue = "2s",
            converter = DurationConverter.class,
            description = "Refresh every DURATION (default 2s) until Ctrl-C; with --json one document per line.")
    Duration watch;

    @Option(names = "--count", paramLabel = "N", description = "With --watch: stop after N samples.")
    Integer count;

    @Option(names = "--check", description = "Exit 1 when any target FAILs (for CI).")
    boolean check;

    @Option(names = "--latency-samples", paramLabel = "N", defaultValue = "100",
            description = "PING round trips per node for the latency figures (default: ${DEFAULT-VALUE}).")
    int latencySamples;

    public StatsCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (latencySamples < 1) {
            throw CachectlException.usage("--latency-samples must be positive (got " + latencySamples + ")");
        }
        if (interval != null && interval.isZero()) {
            throw CachectlException.usage("--interval must be positive (got 0)");
        }
        if (watch != null && watch.isZero()) {
            throw CachectlException.usage("--watch must be positive (got 0)");
        }
        Console console = context.console();
        io.cachectl.targets.Thresholds thresholds = targets.thresholds(); // exit 2 before connecting
        try (Target target = context.connect(connection)) {
            StatsService service = new StatsService(target, thresholds, Ledger.open(console.env()));
            StatsView view = new StatsView(console.style());
            if (watch != null) {
                return watch(service, view, console);
            }
            Map<Node, StatsService.NodeSample> first = service.sample(latencySamples);
            StatsReport report = interval == null ? service.report(first)
                    : service.report(first, sleepThenSample(service, interval));
            if (output.json()) {
                console.json(report);
            } else {
                view.render(report).forEach(console::println);
            }
            return check && Targets.anyFailed(report.targets()) ? ExitCode.CHECK_FAILED : ExitCode.OK;
        }
    }

    private int watch(StatsService service, StatsView view, Console console) {
        Map<Node, StatsService.NodeSample> prev = service.sample(latencySamples);
        if (!output.json()) {
            console.println(view.watchHeader(service.report(prev)));
        }
        boolean failed = false;
        for (int i = 0; count == null || i < count; i++) {
            Map<Node, StatsService.NodeSample> now;
            try {
                now = sleepThenSample(service, watch);
            } catch (CachectlException e) {
                if (e.exitCode() == ExitCode.INTERRUPTED) {
                    return ExitCode.OK; // Ctrl-C ends a watch normally
                }
                throw e;
            }
            StatsReport report = service.report(prev, now);
            failed |= Targets.anyFailed(report.targets());
            if (output.json()) {
                console.jsonLine(report);
            } else {
                console.println(view.watchLine(report));
            }
            prev = now;
        }
        return check && failed ? ExitCode.CHECK_FAILED : ExitCode.OK;
    }

    private Map<Node, StatsService.NodeSample> sleepThenSample(StatsService service, Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CachectlException(ExitCode.INTERRUPTED, "interrupted");
        }
        return service.sample(latencySamples);
    }
}
