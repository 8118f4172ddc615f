package io.cachectl.bench;

import java.time.Duration;

/**
 * Parameters of one run. {@code requests} > 0 bounds the run by operations (cache-aside follow-up
 * SETs come on top), otherwise {@code duration} does. {@code rate} > 0 selects the open loop.
 * {@code zipf} null means uniform key popularity.
 */
public record BenchSpec(Workload workload, int clients, int threads, int pipeline, long requests,
        Duration duration, Duration warmup, double rate, int keyspace, Double zipf, int valueMin, int valueMax,
        long ttlMs, long backendMs, double updateRatio, double setRatio, String prefix, boolean reuse,
        boolean keep, boolean preload) {

    public boolean openLoop() {
        return rate > 0;
    }
}
