package io.cachectl.cli;

import io.cachectl.connect.Node;
import io.cachectl.connect.Target;
import io.cachectl.error.CachectlException;
import io.cachectl.error.ExitCode;
import io.cachectl.output.Console;
import io.cachectl.slo.Verdicts;
import io.cachectl.stats.StatsReport;
import io.cachectl.stats.StatsService;
import io.cachectl.stats.StatsView;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code stats --watch}: one line (or JSON document) per sample until Ctrl-C or {@code --repeat}. A Sentinel
 * target is followed across a failover: before each sample the sentinels are asked for the primary, and a
 * sample that cannot reach it waits for them to name one.
 */
final class StatsWatch {
    private final Console console;
    private final StatsView view;
    private final Function<Target, StatsService> services;
    private final int latencySamples;
    private final boolean json;
    private Target current;

    StatsWatch(Console console, StatsView view, Function<Target, StatsService> services, int latencySamples,
            boolean json, Target target) {
        this.console = console;
        this.view = view;
        this.services = services;
        this.latencySamples = latencySamples;
        this.json = json;
        this.current = target;
    }

    /** The target in use now (another one after a failover): the caller closes it. */
    Target target() {
        return current;
    }

    /** Samples every {@code every}, {@code repeat} times (null: until Ctrl-C); exit 1 with {@code check} when one breached. */
    int run(Duration every, Integer repeat, boolean check) {
        StatsService service = services.apply(current);
        Map<Node, StatsService.NodeSample> prev = service.sample(latencySamples);
        if (!json) {
            List<String> header = view.watchHeader(service.report(prev)).lines().toList();
            header.subList(0, header.size() - 1).forEach(console::note); // what is watched: stderr, like progress
            console.println(header.get(header.size() - 1));
        }
        Duration recoverFor = Duration.ofSeconds(Math.max(30, 3 * every.toSeconds()));
        boolean failed = false;
        Set<String> failedTargets = new LinkedHashSet<>();
        for (int i = 0; repeat == null || i < repeat; i++) {
            Map<Node, StatsService.NodeSample> now;
            try {
                StatsService.pause(every);
                Target followed = Failover.follow(current, console);
                if (followed != current) {
                    current = followed;
                    service = services.apply(followed);
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
                    current = Failover.recover(current, console, e, recoverFor);
                    service = services.apply(current);
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
            if (json) {
                console.jsonLine(service.withSentinel(report));
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
}
