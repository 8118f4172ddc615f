package io.cachectl.scan;

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
    }

    public static Namespaces defaults() {
        return new Namespaces(":", 2, true);
    }

    public String of(byte[] key) {
        return of(Keys.display(key));
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

    /** All digits, a UUID, or 12+ hex characters with at least one digit. */
    static boolean isId(String s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        boolean digits = true;
        boolean hex = true;
        boolean anyDigit = false;
        int dashes = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
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
        if (hex && n == 36 && dashes == 4 && s.charAt(8) == '-' && s.charAt(13) == '-' && s.charAt(18) == '-'
                && s.charAt(23) == '-') {
            return true;
        }
        return hex && dashes == 0 && n >= 12 && anyDigit;
    }
}
