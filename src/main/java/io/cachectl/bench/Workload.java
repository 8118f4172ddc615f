package io.cachectl.bench;

import java.util.Locale;

/** What each simulated client does. */
public enum Workload {
    /** GET over a pre-loaded keyspace (like redis-benchmark -t get). */
    GET,
    /** SET with the value size and TTL (like redis-benchmark -t set). */
    SET,
    /** SET and GET in a ratio (--ratio SET:GET) over a pre-loaded keyspace. */
    MIXED,
    /** GET; on a miss wait the backend time, then SET with TTL; --update-ratio invalidates (UNLINK). */
    CACHE_ASIDE,
    /** cache-aside reads, plus updates (--update-ratio) that SET the new value (write-through). */
    WRITE_THROUGH;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Workload parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** Pre-loaded before measuring (so GETs hit). */
    boolean preloads() {
        return this == GET || this == MIXED;
    }

    boolean looksUp() {
        return this != SET;
    }
}
