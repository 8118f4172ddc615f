package io.cachectl.cli;

import io.cachectl.bench.BenchSpec;
import io.cachectl.bench.Workload;
import io.cachectl.error.CachectlException;
import java.time.Duration;

/** Validates bench's options and turns them into a {@link BenchSpec} (exit 2 on bad input). */
final class BenchSpecs {
    record Parsed(BenchSpec spec) {
    }

    private BenchSpecs() {
    }

    static Parsed parse(BenchCommand c) {
        require(c.clients >= 1 && c.clients <= 10_000, "--clients must be 1..10000");
        require(c.threads >= 0, "--threads must be positive");
        require(c.pipeline >= 1 && c.pipeline <= 10_000, "--pipeline must be 1..10000");
        require(c.keyspace >= 1, "--keyspace must be at least 1");
        require(c.requests == null || c.requests >= 1, "--requests must be at least 1");
        require(c.requests == null || c.duration == null, "give --requests or --duration, not both");
        require(c.duration == null || !c.duration.isZero(), "--duration must be positive");
        require(c.rate >= 0, "--rps must be positive");
        require(c.zipf > 0, "--zipf must be > 0 (use --uniform for uniform keys)");
        require(c.backendMs >= 0, "--backend-ms must be >= 0");
        require(c.updateRatio == null || c.updateRatio >= 0 && c.updateRatio <= 1, "--update-ratio must be 0..1");
        require(!c.prefix.isEmpty(), "--prefix must not be empty");
        int[] size = range(c.valueSize);
        double setRatio = ratio(c.ratio);
        long requests = c.duration != null ? 0 : c.requests != null ? c.requests : 100_000;
        double update = c.updateRatio != null ? c.updateRatio : c.workload == Workload.WRITE_THROUGH ? 0.1 : 0;
        boolean preload = !c.noPreload && (c.workload == Workload.GET || c.workload == Workload.MIXED);
        return new Parsed(new BenchSpec(c.workload, c.clients, c.threads, c.pipeline, requests, c.duration,
                c.warmup == null ? Duration.ZERO : c.warmup, c.rate, c.keyspace, c.uniform ? null : c.zipf, size[0],
                size[1], c.ttl.toMillis(), c.backendMs, update, setRatio, c.prefix, c.reuse, c.keep, preload));
    }

    private static int[] range(String s) {
        try {
            String[] parts = s.trim().split("-", 2);
            int min = Integer.parseInt(parts[0].trim());
            int max = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : min;
            require(min >= 1 && max >= min && max <= 512 * 1024 * 1024, "--value-size must be N or MIN-MAX bytes, 1..512 MB");
            return new int[] {min, max};
        } catch (NumberFormatException e) {
            throw CachectlException.usage("--value-size must be N or MIN-MAX bytes, got '" + s + "'");
        }
    }

    /** "1:10" → the SET fraction 1/11. */
    private static double ratio(String s) {
        String[] parts = s.split(":", 2);
        try {
            double set = Double.parseDouble(parts[0]);
            double get = parts.length == 2 ? Double.parseDouble(parts[1]) : Double.NaN;
            require(set >= 0 && get >= 0 && set + get > 0, "--ratio must be SET:GET, e.g. 1:10");
            return set / (set + get);
        } catch (NumberFormatException e) {
            throw CachectlException.usage("--ratio must be SET:GET, e.g. 1:10; got '" + s + "'");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw CachectlException.usage(message);
        }
    }
}
