package io.cachectl.doctor;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cachectl.connect.Target;
import io.cachectl.effect.SelfEffect;
import java.util.List;
import java.util.Optional;

/**
 * Extension point for doctor: what the keyspace looks like (where the memory is, keys over 1 MB,
 * keys without TTL, TTL classes per namespace). Doctor itself never scans; an implementation backed
 * by the scan engine ({@link SampledKeyspace}) is plugged in by the CLI's doctor command.
 * {@link #NONE} makes doctor say which command to run instead.
 */
@FunctionalInterface
public interface KeyspaceEvidence {
    /** No survey available: doctor points to {@code cachectl bigkeys} / {@code ttl-audit}. */
    KeyspaceEvidence NONE = target -> Optional.empty();

    /**
     * Surveys (or samples) the keyspace of {@code target}. Implementations must be bounded in time
     * (doctor is interactive), stop on {@code Thread.interrupted()}, report whether they sampled, and
     * report a failed scan in {@link Survey#error()} rather than throw.
     */
    Optional<Survey> survey(Target target);

    /**
     * The survey. Every count and byte figure is what was <em>measured</em> in the keys read
     * ({@code keysScanned} of {@code dbsize}); nothing is extrapolated. {@code sampled}: only part of
     * the keyspace was read, so a key outside the sample (even one over 1 MB) is not in these lists.
     * {@code selfEffect}: the keyspace lookups the survey itself made. {@code error}: the scan failed
     * (the figures cover the keys read before the failure).
     */
    record Survey(boolean sampled, long keysScanned, long dbsize, List<Namespace> topNamespaces,
            @JsonProperty("keys_over_1mb") List<BigKey> keysOver1Mb, long noTtlKeys, long noTtlBytes,
            List<TtlClasses> ttlClasses, SelfEffect selfEffect, String error, List<String> notes) {

        /** "in a sample of 20,000 of 61,000 keys" or "in all 61,000 keys". */
        public String scope() {
            return sampled ? "in a sample of " + io.cachectl.output.Units.count(keysScanned) + " of "
                    + io.cachectl.output.Units.count(dbsize) + " keys"
                    : "in all " + io.cachectl.output.Units.count(keysScanned) + " keys";
        }
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
            @JsonProperty("static") long statik, Long medianTtlSeconds) {
    }
}
