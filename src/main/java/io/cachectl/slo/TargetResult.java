package io.cachectl.slo;

/**
 * One target judged: {@code name} ∈ hit_rate, latency, memory, eviction_rate; {@code value} in
 * {@code unit} (pct or ms), null when N/A; {@code comparison} is "&gt;" (value must exceed the
 * threshold) or "&lt;"; {@code node} names the node that decided it (worst node), if any.
 */
public record TargetResult(String name, Status status, Double value, double threshold, String unit,
        String comparison, String reason, String node) {

    public TargetResult withNode(String node) {
        return new TargetResult(name, status, value, threshold, unit, comparison, reason, node);
    }
}
