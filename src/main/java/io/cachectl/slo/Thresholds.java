package io.cachectl.slo;

/** The guide's four performance targets; each overridable on the command line. */
public record Thresholds(double minHitRatePct, double maxLatencyMs, double maxMemoryPct, double maxEvictionRatePct) {
    public static final Thresholds GUIDE = new Thresholds(80, 5, 80, 1);
}
