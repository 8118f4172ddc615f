package io.cachectl.scan;

/**
 * One scanned key and what was probed. Fields not probed are {@code null} (type) or -1.
 *
 * @param key    the raw key (binary-safe); {@link Keys#display(byte[])} for output
 * @param type   TYPE reply, or null when not probed
 * @param bytes  MEMORY USAGE, or -1
 * @param pttlMs PTTL: milliseconds left, -1 = no expiry; {@link #NOT_PROBED} when not probed
 * @param length element count (STRLEN for strings), or -1
 */
public record KeyInfo(byte[] key, String type, long bytes, long pttlMs, long length) {
    public static final long NOT_PROBED = Long.MIN_VALUE;

    public boolean hasTtl() {
        return pttlMs >= 0;
    }

    public boolean neverExpires() {
        return pttlMs == -1;
    }

    public String display() {
        return Keys.display(key);
    }
}
