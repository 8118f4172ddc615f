package io.cachectl.bench;

import io.cachectl.effect.SelfEffect;
import io.cachectl.slo.TargetResult;
import java.util.List;
import java.util.Map;

/**
 * The result of one bench run: serialised as-is for --json (snake_case), rendered by {@link BenchView}.
 * Contract fields (see README): workload, requests, throughput_rps, hit_rate, latency_ms, targets.
 * {@code self_effect}: every keyspace lookup bench made (its GETs, warm-up included); the only lookups it
 * makes, so over a quiet server the INFO delta around the whole command equals them.
 */
public record BenchReport(String target, String mode, String workload, Parameters parameters, long requests,
        double durationSeconds, double throughputRps, Double hitRate, long hits, long misses, long writes,
        long errors, String firstError, Map<String, Latency> latencyMs, Server server, List<Second> timeline,
        List<TargetResult> targets, Cleanup cleanup, boolean interrupted, SelfEffect selfEffect, List<String> notes) {

    /** The load shape as run. */
    public record Parameters(int clients, int threads, int pipeline, Long requestsLimit, Double durationLimitSeconds,
            double warmupSeconds, String loop, Double rateRps, int keyspace, String distribution, Double zipf,
            int valueSizeMin, int valueSizeMax, long ttlMs, Long backendMs, Double updateRatio, Double setRatio,
            String prefix, int nodes) {
    }

    /** Latency in ms from HdrHistogram; {@code count} requests recorded. */
    public record Latency(long count, double avg, double p50, double p90, double p99, double p999, double max) {
    }

    /** What the server counted during the measured window (INFO before/after, summed over primaries). */
    public record Server(long keyspaceHits, long keyspaceMisses, Double hitRate, long evictedKeys, long expiredKeys) {
    }

    /** One second of the run: commands per second, hit rate and p99 (ms) of that second. */
    public record Second(int second, double rps, Double hitRate, Double p99Ms) {
    }

    /** Keys removed at the end (or kept with --keep). */
    public record Cleanup(boolean kept, long keysDeleted) {
    }
}
