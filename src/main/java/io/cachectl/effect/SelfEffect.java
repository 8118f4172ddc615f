package io.cachectl.effect;

/**
 * Keyspace lookups that cachectl itself caused on the server: each TYPE, PTTL or length command
 * (also inside the probe script), and each GET of bench, bumps the server's {@code keyspace_hits}
 * or {@code keyspace_misses}. MEMORY USAGE, SCAN without TYPE, INFO and writes do not. In JSON:
 * {@code "self_effect": {"hits": …, "misses": …}}.
 */
public record SelfEffect(long hits, long misses) {
    public static final SelfEffect NONE = new SelfEffect(0, 0);

    public SelfEffect plus(SelfEffect o) {
        return new SelfEffect(hits + o.hits, misses + o.misses);
    }

    /** The difference, never below zero (a ledger read before a counter reset). */
    public SelfEffect minus(SelfEffect o) {
        return new SelfEffect(Math.max(0, hits - o.hits), Math.max(0, misses - o.misses));
    }

    public long lookups() {
        return hits + misses;
    }

    @Override
    public String toString() {
        return io.cachectl.output.Units.count(hits) + " hits, " + io.cachectl.output.Units.count(misses) + " misses";
    }
}
