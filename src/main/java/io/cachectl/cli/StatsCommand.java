package io.cachectl.cli;

import io.cachectl.input.DurationConverter;

import io.cachectl.connect.Node;
import io.cachectl.connect.Target;
import io.cachectl.effect.Ledger;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.error.ExitCode;
import io.cachectl.stats.StatsReport;
import io.cachectl.stats.StatsService;
import io.cachectl.stats.StatsView;
import io.cachectl.slo.Verdicts;
import java.time.Duration;
import java.util.List;
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

    /** cachectl's own lookups recorded on this machine (issue 12), shared by every StatsService of a run. */
    private Ledger ledger;

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
        io.cachectl.stats.StatsMetrics.Format metrics = metricsFormat(); // exit 2 before connecting
        if (metrics != null && watch != null) {
            throw CachectlException.usage("--format " + format + " prints one snapshot: not with --watch"
                    + " (run it from cron or a timer for a textfile collector)");
        }
        ledger = Ledger.open(console.env());
        Target target = context.connect(connection);
        try {
            StatsService service = new StatsService(target, targets.thresholds(connection.namedTarget()), ledger);
            StatsView view = new StatsView(console.style());
            if (watch != null) {
                Target[] current = {target};
                try {
                    return watch(current, view, console);
                } finally {
                    target = current[0];
                }
            }
            Map<Node, StatsService.NodeSample> first = service.sample(latencySamples);
            StatsReport report = withSentinel(target, interval == null ? service.report(first)
                    : service.report(first, sleepThenSample(service, interval)));
            if (metrics != null) {
                console.out().print(io.cachectl.stats.StatsMetrics.render(report, metrics));
                console.out().flush();
            } else if (output.json() || "json".equals(format)) {
                console.json(report);
            } else {
                view.render(report).forEach(console::printFit);
            }
            if (check && Verdicts.anyFailed(report.targets())) {
                CheckFailure.print(console, CheckFailure.targets(report.targets()));
                return ExitCode.CHECK_FAILED;
            }
            return ExitCode.OK;
        } finally {
            target.close();
        }
    }

    /** The metrics format asked for with --format, or null (text or JSON); exit 2 on anything else. */
    private io.cachectl.stats.StatsMetrics.Format metricsFormat() {
        if (format == null || format.equals("text") || format.equals("json")) {
            if ("text".equals(format) && output.json()) {
                throw CachectlException.usage("--format text and --json contradict each other");
            }
            return null;
        }
        io.cachectl.stats.StatsMetrics.Format f = switch (format) {
            case "prometheus" -> io.cachectl.stats.StatsMetrics.Format.PROMETHEUS;
            case "openmetrics" -> io.cachectl.stats.StatsMetrics.Format.OPENMETRICS;
            default -> throw CachectlException.usage("--format " + format
                    + ": expected text, json, prometheus or openmetrics");
        };
        if (output.json()) {
            throw CachectlException.usage("choose --json or --format " + format + ", not both");
        }
        return f;
    }

    /** A Sentinel target's report carries the sentinels' view of its primary. */
    private static StatsReport withSentinel(Target target, StatsReport report) {
        return target.sentinels() == null ? report
                : report.withSentinel(target.sentinels().status(target.nodes().get(0).address()));
    }

    /**
     * One line per sample. A Sentinel target is followed across a failover: before each sample the
     * sentinels are asked for the primary, and a sample that cannot reach it waits for them to name one.
     */
    private int watch(Target[] current, StatsView view, Console console) {
        StatsService service = new StatsService(current[0], targets.thresholds(connection.namedTarget()), ledger);
        Map<Node, StatsService.NodeSample> prev = service.sample(latencySamples);
        if (!output.json() && !"json".equals(format)) {
            List<String> header = view.watchHeader(service.report(prev)).lines().toList();
            header.subList(0, header.size() - 1).forEach(console::note); // what is watched: stderr, like progress
            console.println(header.get(header.size() - 1));
        }
        Duration recoverFor = Duration.ofSeconds(Math.max(30, 3 * watch.toSeconds()));
        boolean failed = false;
        java.util.Set<String> failedTargets = new java.util.LinkedHashSet<>();
        for (int i = 0; repeat == null || i < repeat; i++) {
            Map<Node, StatsService.NodeSample> now;
            try {
                sleep(watch);
                Target followed = Failover.follow(current[0], console);
                if (followed != current[0]) {
                    current[0] = followed;
                    service = new StatsService(followed, targets.thresholds(connection.namedTarget()), ledger);
                    prev = service.sample(latencySamples); // counters of another server: a new baseline
                    i--;
                    continue;
                }
                try {
                    now = service.sample(latencySamples);
                } catch (CachectlException e) {
                    if (e.exitCode() == ExitCode.INTERRUPTED) {
                        throw e;
                    }
                    current[0] = Failover.recover(current[0], console, e, recoverFor);
                    service = new StatsService(current[0], targets.thresholds(connection.namedTarget()), ledger);
                    prev = service.sample(latencySamples);
                    i--;
                    continue;
                }
            } catch (CachectlException e) {
                if (e.exitCode() == ExitCode.INTERRUPTED) {
                    return ExitCode.OK; // Ctrl-C ends a watch normally
                }
                throw e;
            }
            StatsReport report = service.report(prev, now);
            if (Verdicts.anyFailed(report.targets())) {
                failed = true;
                failedTargets.add(CheckFailure.targets(report.targets()));
            }
            if (output.json() || "json".equals(format)) {
                console.jsonLine(withSentinel(current[0], report));
            } else {
                console.println(view.watchLine(report));
            }
            prev = now;
        }
        if (check && failed) {
            CheckFailure.print(console, failedTargets.size() + " of the samples breached a target; last: "
                    + failedTargets.stream().reduce((x, y) -> y).orElse(""));
            return ExitCode.CHECK_FAILED;
        }
        return ExitCode.OK;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CachectlException(ExitCode.INTERRUPTED, "interrupted");
        }
    }

    private Map<Node, StatsService.NodeSample> sleepThenSample(StatsService service, Duration wait) {
        sleep(wait);
        return service.sample(latencySamples);
    }
}
