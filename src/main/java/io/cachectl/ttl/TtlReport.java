package io.cachectl.ttl;

import io.cachectl.effect.SelfEffect;
import io.cachectl.scan.ScanSummary;
import java.util.List;
import java.util.Map;

/**
 * Which keys never expire, TTL classes, policy violations. Contract fields: {@code keys_scanned},
 * {@code no_ttl} {keys, bytes, examples}, {@code classes} [{class, keys, bytes}], {@code namespaces}
 * [{namespace, keys, no_ttl_keys, no_ttl_bytes}], {@code violations} [{rule, keys, examples}].
 * Byte fields are null when MEMORY USAGE was refused ({@code memory_available} false).
 * {@code self_effect}: the keyspace hits and misses ttl-audit caused (one PTTL per key read).
 */
public record TtlReport(String target, String mode, long keysScanned, boolean estimated, long totalKeys,
        Long totalBytes, boolean memoryAvailable, NoTtl noTtl, List<ClassRow> classes, List<NamespaceRow> namespaces,
        String policy, long violatingKeys, List<Violation> violations, ScanSummary scan, SelfEffect selfEffect,
        List<String> notes) {

    public record NoTtl(long keys, Long bytes, double pctKeys, Double pctBytes, List<String> examples) {
    }

    public record ClassRow(String id, String label, long keys, Long bytes, double pctKeys) {
        /** JSON name of the class ("class" is taken in Java). */
        @com.fasterxml.jackson.annotation.JsonProperty("class")
        public String className() {
            return id;
        }
    }

    public record NamespaceRow(String namespace, long keys, Long bytes, long noTtlKeys, Long noTtlBytes,
            double noTtlPct, Map<String, Long> classes, List<String> examples) {
    }

    /** {@code reasons}: no_ttl / too_long → keys. */
    public record Violation(String rule, String pattern, long keys, Long bytes, Map<String, Long> reasons,
            List<String> examples) {
    }
}
