package io.cachectl.cli;

import io.cachectl.input.DurationConverter;

import io.cachectl.connect.Node;
import io.cachectl.connect.Target;
import io.cachectl.effect.Ledger;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.error.ExitCode;
import io.cachectl.stats.StatsFormat;
import io.cachectl.stats.StatsMetrics;
import io.cachectl.stats.StatsReport;
import io.cachectl.stats.StatsService;
import io.cachectl.stats.StatsView;
import io.cachectl.slo.Verdicts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
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
            "  cachectl stats --watch 5 --repeat 12   one minute of lines, then exit",
            "  cachectl stats --min-hit-rate 90       stricter hit-rate target",
            "  cachectl stats --format prometheus > /var/lib/node_exporter/cachectl.prom",
            "                                         for node_exporter's textfile collector"})
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

    @Option(names = "--repeat", paramLabel = "N", description = "With --watch: stop after N samples.")
    Integer repeat;

    @Option(names = "--check", description = "Exit 1 when any target FAILs (for CI).")
    boolean check;

    @Option(names = "--format", paramLabel = "FORMAT", completionCandidates = Formats.class,
            description = "text (default), json (same as --json), prometheus (text format for node_exporter's"
                    + " textfile collector and the Pushgateway) or openmetrics (OpenMetrics 1.0).")
    String format;

    /** The values of --format, for completion. */
    static final class Formats extends java.util.ArrayList<String> {
        Formats() {
            super(List.of("text", "json", "prometheus", "openmetrics"));
        }
    }

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
        targets.thresholds(); // exit 2 before connecting (a named target's own are applied once resolved)
        StatsFormat out = StatsFormat.of(format, output.json()); // exit 2 before connecting
        if (out.metrics() != null && watch != null) {
            throw CachectlException.usage("--format " + format + " prints one snapshot: not with --watch"
                    + " (run it from cron or a timer for a textfile collector)");
        }
        // cachectl's own lookups recorded on this machine (issue 12), shared by every StatsService of a run
        Ledger ledger = Ledger.open(console.env());
        Function<Target, StatsService> services =
                t -> new StatsService(t, targets.thresholds(connection.namedTarget()), ledger);
        StatsView view = new StatsView(console.style());
        Target target = context.connect(connection);
        if (watch != null) {
            StatsWatch watching = new StatsWatch(console, view, services, latencySamples, out == StatsFormat.JSON, target);
            try {
                return watching.run(watch, repeat, check);
            } finally {
                watching.target().close();
            }
        }
        try (target) {
            StatsService service = services.apply(target);
            Map<Node, StatsService.NodeSample> first = service.sample(latencySamples);
            StatsReport report = service.withSentinel(interval == null ? service.report(first)
                    : service.report(first, service.sampleAfter(interval, latencySamples)));
            switch (out) {
                case JSON -> console.json(report);
                case TEXT -> view.render(report).forEach(console::printFit);
                default -> {
                    console.out().print(StatsMetrics.render(report, out.metrics()));
                    console.out().flush();
                }
            }
            if (check && Verdicts.anyFailed(report.targets())) {
                CheckFailure.print(console, CheckFailure.targets(report.targets()));
                return ExitCode.CHECK_FAILED;
            }
            return ExitCode.OK;
        }
    }
}
