package io.cachectl.cli;

import io.cachectl.error.CachectlException;
import picocli.CommandLine.Option;

/**
 * The scan options every keyspace command takes (bigkeys, ttl-audit, invalidate): SCAN COUNT, the
 * throttle and the type filter.
 */
public final class BasicScanOptions {
    @Option(names = "--count", paramLabel = "N", defaultValue = "1000",
            description = "SCAN COUNT hint per call (default: ${DEFAULT-VALUE}); with server-side probing the batch"
                    + " adapts below it to keep each call near 1 ms.")
    int count;

    @Option(names = "--rate", paramLabel = "KEYS_PER_SEC", description = "Throttle: at most this many keys per"
            + " second in total.")
    long rate;

    @Option(names = "--type", paramLabel = "TYPE", completionCandidates = Types.class, description = "Only keys of this type (string, hash, list, set,"
            + " zset, stream).")
    String type;

    /** The key types SCAN TYPE takes, for completion. */
    public static final class Types extends java.util.ArrayList<String> {
        public Types() {
            super(java.util.List.of("string", "hash", "list", "set", "zset", "stream"));
        }
    }

    /** Exit 2 on a count below 1 or a negative rate. */
    BasicScanOptions validated() {
        if (count < 1) {
            throw CachectlException.usage("--count must be positive (got " + count + ")");
        }
        if (rate < 0) {
            throw CachectlException.usage("--rate must not be negative (got " + rate + ")");
        }
        return this;
    }

    public int count() {
        return count;
    }

    public long rate() {
        return rate;
    }

    public String type() {
        return type;
    }
}
