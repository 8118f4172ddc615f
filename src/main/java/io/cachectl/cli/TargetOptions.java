package io.cachectl.cli;

import io.cachectl.targets.Thresholds;
import picocli.CommandLine.Option;

/** Overrides of the guide's four targets. */
public final class TargetOptions {
    @Option(names = "--min-hit-rate", paramLabel = "PCT", defaultValue = "80",
            description = "Hit-rate target, percent (default: ${DEFAULT-VALUE}).")
    double minHitRate;

    @Option(names = "--max-latency-ms", paramLabel = "MS", defaultValue = "5",
            description = "Average latency target, ms (default: ${DEFAULT-VALUE}).")
    double maxLatencyMs;

    @Option(names = "--max-memory-pct", paramLabel = "PCT", defaultValue = "80",
            description = "Memory target, percent of maxmemory (default: ${DEFAULT-VALUE}).")
    double maxMemoryPct;

    @Option(names = "--max-eviction-rate", paramLabel = "PCT", defaultValue = "1",
            description = "Eviction-rate target, evictions per 100 lookups (default: ${DEFAULT-VALUE}).")
    double maxEvictionRate;

    public Thresholds thresholds() {
        return new Thresholds(minHitRate, maxLatencyMs, maxMemoryPct, maxEvictionRate);
    }
}
