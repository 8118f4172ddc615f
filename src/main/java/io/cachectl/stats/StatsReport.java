package io.cachectl.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cachectl.connect.SentinelStatus;
import io.cachectl.effect.SelfEffect;
import io.cachectl.slo.TargetResult;
import java.util.List;

/**
 * The result of {@code stats}: {@code target} is the masked URL, {@code mode} standalone|cluster,
 * {@code total} the aggregate (memory and keys over primaries, traffic over every node),
 * {@code targets} the four verdicts for the whole target. {@code server} is redis | valkey and
 * {@code version} that product's own version (Valkey 8.0.1, not its compatibility redis_version 7.2.4).
 * {@code selfEffect}: the lookups stats itself made (none: it reads INFO only); {@code subtracted}:
 * cachectl's own lookups in the window (recorded by cachectl processes on this machine in the
 * self-effect ledger), already taken out of hits and misses.
 * {@code sentinel}: the sentinels' view, only for a {@code redis-sentinel://} target.
 */
public record StatsReport(
        String target,
        String mode,
        String version,
        String server,
        Window window,
        long timestamp,
        NodeStats total,
        List<NodeStats> nodes,
        List<TargetResult> targets,
        SelfEffect selfEffect,
        SelfEffect subtracted,
        List<String> notes,
        @JsonInclude(JsonInclude.Include.NON_NULL) SentinelStatus sentinel) {

    public StatsReport(String target, String mode, String version, String server, Window window, long timestamp,
            NodeStats total, List<NodeStats> nodes, List<TargetResult> targets, SelfEffect selfEffect,
            SelfEffect subtracted, List<String> notes) {
        this(target, mode, version, server, window, timestamp, total, nodes, targets, selfEffect, subtracted, notes,
                null);
    }

    /** The same report with the sentinels' view added. */
    public StatsReport withSentinel(SentinelStatus s) {
        return new StatsReport(target, mode, version, server, window, timestamp, total, nodes, targets, selfEffect,
                subtracted, notes, s);
    }

    /** {@code kind}: "lifetime" (counters since start-up) or "interval" (difference of two samples). */
    public record Window(String kind, double seconds) {
    }
}
