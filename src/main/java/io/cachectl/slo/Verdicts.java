package io.cachectl.slo;

import io.cachectl.output.Units;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Evaluates the guide's targets. Shared by stats, bench and doctor so that every command judges
 * the same way: FAIL past the threshold, WARN within 10 % of it, N/A when there is nothing to judge.
 */
public final class Verdicts {
    public static final String HIT_RATE = "hit_rate";
    public static final String LATENCY = "latency";
    public static final String MEMORY = "memory";
    public static final String EVICTION_RATE = "eviction_rate";
    static final double WARN_MARGIN = 0.10;

    private Verdicts() {
    }

    public static TargetResult hitRate(long hits, long misses, Thresholds t) {
        long lookups = hits + misses;
        if (lookups == 0) {
            return na(HIT_RATE, t.minHitRatePct(), "pct", ">", "no traffic: no cache lookups (hits + misses = 0) to judge");
        }
        double pct = 100.0 * hits / lookups;
        return atLeast(HIT_RATE, pct, t.minHitRatePct(), "pct",
                fmt("%.1f %% of %s lookups hit", pct, Units.count(lookups)),
                "lengthen TTLs, pre-warm common keys (cachectl warm), review invalidation");
    }

    /** Average round-trip latency of cache reads as measured by the caller. */
    public static TargetResult latency(Double avgMs, long samples, String what, Thresholds t) {
        if (avgMs == null || samples == 0) {
            return na(LATENCY, t.maxLatencyMs(), "ms", "<", "no latency samples");
        }
        return atMost(LATENCY, avgMs, t.maxLatencyMs(), "ms",
                fmt("average %s %.2f ms over %s samples", what, avgMs, Units.count(samples)),
                "look for big keys (cachectl bigkeys), slow commands (SLOWLOG), network or CPU saturation");
    }

    public static TargetResult memory(long used, long max, Thresholds t) {
        if (max <= 0) {
            return na(MEMORY, t.maxMemoryPct(), "pct", "<",
                    "no memory limit (maxmemory 0): Redis will grow until the OS kills it — set maxmemory");
        }
        double pct = 100.0 * used / max;
        return atMost(MEMORY, pct, t.maxMemoryPct(), "pct",
                fmt("%s used of %s maxmemory (%.1f %%)", Units.bytes(used), Units.bytes(max), pct),
                "find big keys and namespaces (cachectl bigkeys), shorten TTLs, raise maxmemory");
    }

    /** Evictions per cache lookup (keyspace hits + misses). */
    public static TargetResult evictionRate(long evicted, long lookups, Thresholds t) {
        if (lookups == 0) {
            if (evicted == 0) {
                return na(EVICTION_RATE, t.maxEvictionRatePct(), "pct", "<", "no traffic: no lookups and no evictions");
            }
            return new TargetResult(EVICTION_RATE, Status.FAIL, null, t.maxEvictionRatePct(), "pct", "<",
                    fmt("%s keys evicted with no lookups: memory is full — raise maxmemory or review the policy",
                            Units.count(evicted)), null);
        }
        double pct = 100.0 * evicted / lookups;
        return atMost(EVICTION_RATE, pct, t.maxEvictionRatePct(), "pct",
                fmt("%s evictions per %s lookups (%.2f %%)", Units.count(evicted), Units.count(lookups), pct),
                "memory is too small for the working set: raise maxmemory, shorten TTLs, check the policy");
    }

    public static boolean anyFailed(Collection<TargetResult> results) {
        return results.stream().anyMatch(r -> r.status() == Status.FAIL);
    }

    /** The worst of several results for the same target (e.g. per node): FAIL > WARN > PASS > N/A. */
    public static TargetResult worst(List<TargetResult> results) {
        return results.stream().filter(Objects::nonNull)
                .max(Comparator.comparingInt((TargetResult r) -> rank(r.status()))
                        .thenComparingDouble(r -> r.value() == null ? 0
                                : ">".equals(r.comparison()) ? -r.value() : r.value()))
                .orElseThrow();
    }

    private static int rank(Status s) {
        return switch (s) {
            case NA -> 0;
            case PASS -> 1;
            case WARN -> 2;
            case FAIL -> 3;
        };
    }

    private static TargetResult atLeast(String name, double value, double threshold, String unit, String what,
            String advice) {
        Status s = value <= threshold ? Status.FAIL
                : value < threshold * (1 + WARN_MARGIN) ? Status.WARN : Status.PASS;
        return result(name, s, value, threshold, unit, ">", what, advice);
    }

    private static TargetResult atMost(String name, double value, double threshold, String unit, String what,
            String advice) {
        Status s = value >= threshold ? Status.FAIL
                : value > threshold * (1 - WARN_MARGIN) ? Status.WARN : Status.PASS;
        return result(name, s, value, threshold, unit, "<", what, advice);
    }

    private static TargetResult result(String name, Status s, double value, double threshold, String unit,
            String cmp, String what, String advice) {
        String bound = cmp + " " + fmt("%s", trim(threshold)) + ("pct".equals(unit) ? " %" : " " + unit);
        String reason = switch (s) {
            case PASS -> what + " (target " + bound + ")";
            case WARN -> what + ": within 10 % of the target " + bound + "; " + advice;
            default -> what + ": target " + bound + " missed; " + advice;
        };
        return new TargetResult(name, s, round(value), threshold, unit, cmp, reason, null);
    }

    private static TargetResult na(String name, double threshold, String unit, String cmp, String reason) {
        return new TargetResult(name, Status.NA, null, threshold, unit, cmp, reason, null);
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
