package io.cachectl.shell;

import io.cachectl.connect.Target;
import java.util.List;
import java.util.Optional;

/**
 * Extension point for doctor: what the keyspace looks like (where the memory is, keys over 1 MB,
 * bytes held by keys without TTL, TTL classes per namespace). Doctor itself never scans; an
 * implementation backed by the scan engine (a sampled bigkeys + ttl-audit) is plugged in by
 * {@link io.cachectl.cli.DoctorCommand}. {@link #NONE} makes doctor say which command to run instead.
 */
@FunctionalInterface
public interface KeyspaceEvidence {
    /** No survey available: doctor points to {@code cachectl bigkeys} / {@code ttl-audit}. */
    KeyspaceEvidence NONE = target -> Optional.empty();

    /**
     * Surveys (or samples) the keyspace of {@code target}. Implementations must be bounded in time
     * (doctor is interactive), stop on {@code Thread.interrupted()}, and report whether they sampled.
     */
    Optional<Survey> survey(Target target);

    /**
     * The survey. {@code sampled}: only part of the keyspace was read ({@code keysScanned} keys);
     * byte figures are then extrapolated by the implementation or left as measured — say which in
     * {@code notes}.
     */
    record Survey(boolean sampled, long keysScanned, List<Namespace> topNamespaces, List<BigKey> keysOver1Mb,
            long noTtlKeys, long noTtlBytes, List<TtlClasses> ttlClasses, List<String> notes) {
    }

    /** Memory held by one namespace (key prefix up to the last ':' , e.g. {@code user:profile}). */
    record Namespace(String namespace, long keys, long bytes) {
    }

    record BigKey(String key, String type, long bytes, String node) {
    }

    /**
     * TTL classes of the guide for one namespace: real-time (≤ 5 min), frequent (≤ 30 min), rare
     * (≤ 24 h), static (&gt; 24 h), and keys without TTL; {@code medianTtlSeconds} null when no key expires.
     */
    record TtlClasses(String namespace, long keys, long noTtl, long realtime, long frequent, long rare,
            long statik, Long medianTtlSeconds) {
    }
}
