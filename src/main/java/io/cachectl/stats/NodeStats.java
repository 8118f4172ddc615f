package io.cachectl.stats;

import io.cachectl.slo.TargetResult;
import java.util.List;

/** Figures of one node (or of the whole target, for the aggregate) over one window. */
public record NodeStats(
        String node,
        String role,
        String version,
        String server,
        long uptimeSeconds,
        Memory memory,
        Traffic traffic,
        Evictions evictions,
        List<Keyspace> keyspace,
        Persistence persistence,
        Latency latency,
        List<TargetResult> targets) {

    /** {@code usedPctOfMax} is null when there is no maxmemory. */
    public record Memory(long usedBytes, long peakBytes, long rssBytes, long maxmemoryBytes, Double usedPctOfMax,
            String policy, double fragmentationRatio) {
    }

    /** {@code hitRate} is a fraction (null with no lookups); {@code hitRatePct} the same in percent. */
    public record Traffic(long hits, long misses, Double hitRate, Double hitRatePct, double opsPerSec,
            long totalCommands, long connectedClients, long rejectedConnections) {
    }

    /** {@code evictionRatePct}: evictions per 100 lookups; null with no lookups. */
    public record Evictions(long evictedKeys, long expiredKeys, Double evictionRatePct) {
    }

    public record Keyspace(int db, long keys, long expires, long avgTtlMs) {
    }

    /** {@code rdbLastSaveTime} in Unix seconds. */
    public record Persistence(long rdbLastSaveTime, long rdbChangesSinceLastSave, boolean aofEnabled,
            String replicationRole, long connectedReplicas) {
    }

    /** PING round trips measured by cachectl, in milliseconds. */
    public record Latency(long samples, double avgMs, double p50Ms, double p99Ms, double maxMs) {
    }
}
