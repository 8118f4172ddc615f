package io.cachectl.bigkeys;

import io.cachectl.effect.SelfEffect;
import io.cachectl.scan.ScanSummary;
import java.util.List;
import java.util.Map;

/**
 * Where the memory goes. Contract fields: {@code keys_scanned}, {@code estimated}, {@code top_keys},
 * {@code over_threshold}, {@code by_type}, {@code namespaces}. When {@code estimated}, counts and bytes
 * in {@code by_type}, {@code namespaces}, {@code distribution} and {@code total_*} are extrapolated.
 * {@code self_effect}: the keyspace hits and misses bigkeys caused (TYPE and a length per key read,
 * PTTL per listed key).
 */
public record BigkeysReport(String target, String mode, long keysScanned, boolean estimated, long totalKeys,
        long totalBytes, long thresholdBytes, List<KeyRow> topKeys, List<KeyRow> overThreshold,
        Map<String, TypeStats> byType, Map<String, List<KeyRow>> topByLength, List<NamespaceRow> namespaces,
        List<Bucket> distribution, List<NodeRow> nodes, Double imbalance, ScanSummary scan, SelfEffect selfEffect,
        List<String> notes) {

    /**
     * One key. {@code ttl_ms} is null when the key never expires (or was deleted before its TTL was read).
     * {@code raw} is the binary key, kept for reading its TTL after the scan; not printed.
     */
    public record KeyRow(String key, String type, long bytes, long length, Long ttlMs, String node,
            @com.fasterxml.jackson.annotation.JsonIgnore byte[] raw) {
        public KeyRow withTtl(Long ttl) {
            return new KeyRow(key, type, bytes, length, ttl, node, raw);
        }
    }

    public record TypeStats(long keys, long bytes, long avgBytes, String biggestKey, long biggestBytes,
            String longestKey, long longestLength) {
    }

    public record NamespaceRow(String namespace, long keys, long bytes, double pct, long avgBytes, String biggestKey,
            long biggestBytes) {
    }

    /** Keys whose size is in [min_bytes, max_bytes). */
    public record Bucket(long minBytes, long maxBytes, long keys, long bytes) {
    }

    /** Per node: what the scan found there; {@code pct} of all scanned bytes. */
    public record NodeRow(String node, long dbsize, long keysScanned, long bytes, double pct) {
    }
}
