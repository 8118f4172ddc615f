package io.cachectl.ttl;

/** The guide's TTL classes, by time left. */
public enum TtlClass {
    REALTIME("≤ 5 min (real-time)", 300_000L),
    FREQUENT("≤ 30 min (frequently updated)", 1_800_000L),
    RARE("≤ 24 h (rarely updated)", 86_400_000L),
    STATIC("≤ 7 d (static)", 604_800_000L),
    LONG("> 7 d", Long.MAX_VALUE),
    NONE("no TTL", -1);

    private final String label;
    private final long maxMs;

    TtlClass(String label, long maxMs) {
        this.label = label;
        this.maxMs = maxMs;
    }

    public String label() {
        return label;
    }

    /** JSON name: realtime, frequent, rare, static, long, none. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static TtlClass of(long pttlMs) {
        if (pttlMs < 0) {
            return NONE;
        }
        for (TtlClass c : values()) {
            if (c != NONE && pttlMs <= c.maxMs) {
                return c;
            }
        }
        return LONG;
    }
}
