package io.cachectl.scan;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Groups keys by prefix: the first {@code depth} segments (split on any of the delimiter characters),
 * never the key's last segment, shown as a glob ({@code user:profile:*}) so it can be fed to
 * {@code --match} or a TTL policy. With id collapsing, segments that look like ids (all digits, UUIDs,
 * long hex) become {@code *}: {@code session:8f3a…e1:data} → {@code session:*:*}.
 * Keys without a delimiter fall into {@value #NONE}.
 */
public final class Namespaces {
    public static final String NONE = "(no namespace)";
    public static final String OTHER = "(other)";

    private final String delimiters;
    private final int depth;
    private final boolean collapseIds;
    private final boolean asciiDelimiters;
    // byte fast path (see of(byte[])): the namespace being built, and a small cache of its String
    private byte[] scratch = new byte[64];
    private static final int CACHE = 1024;
    private final byte[][] cachedBytes = new byte[CACHE][];
    private final String[] cachedNames = new String[CACHE];

    public Namespaces(String delimiters, int depth, boolean collapseIds) {
        if (delimiters == null || delimiters.isEmpty()) {
            throw new IllegalArgumentException("at least one delimiter is needed");
        }
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1");
        }
        this.delimiters = delimiters;
        this.depth = depth;
        this.collapseIds = collapseIds;
        this.asciiDelimiters = delimiters.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '\\');
    }

    public static Namespaces defaults() {
        return new Namespaces(":", 2, true);
    }

    /**
     * The namespace of a raw key; the same as {@code of(Keys.display(key))}, but without building the
     * key's String in the common case (printable ASCII up to the namespace's end): the namespace is
     * assembled as bytes and its String comes from a small cache. Called once per scanned key.
     */
    public synchronized String of(byte[] key) {
        if (!asciiDelimiters) {
            return of(Keys.display(key));
        }
        int n = 0;
        int segments = 0;
        int start = 0;
        for (int i = 0; i < key.length && segments < depth; i++) {
            byte b = key[i];
            if (b < 0x20 || b == 0x7f || b == '\\') { // negative: non-ASCII; any of these: escaped form
                return of(Keys.display(key));
            }
            if (delimiters.indexOf(b) >= 0) {
                int need = n + (i - start) + 2;
                if (need > scratch.length) {
                    scratch = Arrays.copyOf(scratch, Math.max(need, scratch.length * 2));
                }
                if (collapseIds && isId(key, start, i)) {
                    scratch[n++] = '*';
                } else {
                    System.arraycopy(key, start, scratch, n, i - start);
                    n += i - start;
                }
                scratch[n++] = b;
                segments++;
                start = i + 1;
            }
        }
        if (segments == 0) {
            return NONE;
        }
        if (n + 1 > scratch.length) {
            scratch = Arrays.copyOf(scratch, n + 1);
        }
        scratch[n++] = '*';
        int h = 1;
        for (int i = 0; i < n; i++) {
            h = 31 * h + scratch[i];
        }
        int slot = (h ^ (h >>> 16)) & (CACHE - 1);
        byte[] cached = cachedBytes[slot];
        if (cached != null && Arrays.equals(cached, 0, cached.length, scratch, 0, n)) {
            return cachedNames[slot];
        }
        String name = new String(scratch, 0, n, StandardCharsets.ISO_8859_1);
        cachedBytes[slot] = Arrays.copyOf(scratch, n);
        cachedNames[slot] = name;
        return name;
    }

    /** Whether bytes {@code [from, to)} look like an id: all digits, a UUID, or 12+ hex with a digit. */
    static boolean isId(byte[] s, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return false;
        }
        boolean digits = true;
        boolean hex = true;
        boolean anyDigit = false;
        int dashes = 0;
        for (int i = from; i < to; i++) {
            byte c = s[i];
            boolean d = c >= '0' && c <= '9';
            anyDigit |= d;
            digits &= d;
            if (c == '-') {
                dashes++;
            } else if (!d && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F')) {
                hex = false;
            }
        }
        if (digits) {
            return true;
        }
        if (hex && n == 36 && dashes == 4 && s[from + 8] == '-' && s[from + 13] == '-' && s[from + 18] == '-'
                && s[from + 23] == '-') {
            return true;
        }
        return hex && dashes == 0 && n >= 12 && anyDigit;
    }

    public String of(String key) {
        StringBuilder out = new StringBuilder();
        int segments = 0;
        int start = 0;
        for (int i = 0; i < key.length() && segments < depth; i++) {
            char c = key.charAt(i);
            if (delimiters.indexOf(c) >= 0) {
                String segment = key.substring(start, i);
                out.append(collapseIds && isId(segment) ? "*" : segment).append(c);
                segments++;
                start = i + 1;
            }
        }
        return segments == 0 ? NONE : out.append('*').toString();
    }

    /**
     * All digits, a UUID, or 12+ hex characters with at least one digit. The byte check on the string's
     * ISO-8859-1 form: characters beyond it become '?', and any non-ASCII character is neither a digit,
     * a hex letter nor '-', so the answer is the same.
     */
    static boolean isId(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return isId(b, 0, b.length);
    }
}
