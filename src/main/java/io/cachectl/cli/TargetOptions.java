package io.cachectl.cli;

import io.cachectl.slo.Thresholds;
import io.cachectl.config.NamedTarget;
import io.cachectl.error.CachectlException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** The targets; a percentage outside 0–100 or a latency that is not positive is exit 2, naming the option. */
    public Thresholds thresholds() {
        pct("--min-hit-rate", minHitRate);
        pct("--max-memory-pct", maxMemoryPct);
        pct("--max-eviction-rate", maxEvictionRate);
        if (!(maxLatencyMs > 0) || Double.isInfinite(maxLatencyMs)) {
            throw CachectlException.usage("--max-latency-ms must be a positive number of milliseconds (got "
                    + maxLatencyMs + ")");
        }
        return new Thresholds(minHitRate, maxLatencyMs, maxMemoryPct, maxEvictionRate);
    }

    /** The thresholds with a named target's own where the command line gives none (checked as above). */
    public Thresholds thresholds(NamedTarget target) {
        NamedTarget.Thresholds t = target == null ? null : target.thresholds();
        Thresholds given = thresholds();
        if (t == null) {
            return given;
        }
        return new Thresholds(pick("--min-hit-rate", minHitRate, t.minHitRate()),
                pick("--max-latency-ms", maxLatencyMs, t.maxLatencyMs()),
                pick("--max-memory-pct", maxMemoryPct, t.maxMemoryPct()),
                pick("--max-eviction-rate", maxEvictionRate, t.maxEvictionRate()));
    }

    private double pick(String option, double given, Double fromTarget) {
        boolean explicit;
        try {
            explicit = mixee == null || mixee.commandLine().getParseResult() == null
                    || mixee.commandLine().getParseResult().hasMatchedOption(option);
        } catch (RuntimeException e) {
            explicit = true;
        }
        return explicit || fromTarget == null ? given : fromTarget;
    }

    private static void pct(String option, double v) {
        if (!(v >= 0 && v <= 100)) {
            throw CachectlException.usage(option + " is a percentage: 0 to 100 (got " + v + ")");
        }
    }
}
