package io.cachectl.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One named target of the config file: how to reach a cache, and this cache's own thresholds for the
 * guide's four targets. Only {@code url} is required. {@code passwordCommand} is run with {@code sh -c}
 * and its first output line is the password (as git's credential helpers and kubectl's exec plugins do).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NamedTarget(
        String url,
        String user,
        String passwordCommand,
        String tlsCaCert,
        Boolean insecure,
        String connectTimeout,
        String timeout,
        Boolean cluster,
        Thresholds thresholds) {

    /** Per-cache thresholds (each optional): percent, milliseconds, percent of maxmemory, evictions per 100 lookups. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Thresholds(Double minHitRate, Double maxLatencyMs, Double maxMemoryPct, Double maxEvictionRate) {
    }
}
