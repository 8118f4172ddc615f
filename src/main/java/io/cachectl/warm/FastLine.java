package io.cachectl.warm;

/**
 * The fast path for the common JSON Lines record: {@code {"key":"…","value":<any JSON>,"ttl":N}}
 * in any order, no escapes in the key. It validates the value's JSON grammar strictly (RFC 8259)
 * while finding its extent, without allocating. Anything unusual (a {@code type}, escapes in the
 * key, an unknown or repeated field, nesting deeper than 64, any syntax error, invalid UTF-8)
 * returns false, and the caller checks the line's UTF-8 and parses it with Jackson, which gives the
 * exact error message. So this never decides a line is bad.
 *
 * <p>Written for the C1 compiler the launcher runs warm with: one loop per method over local
 * variables, no small helper calls on the hot path (C1 keeps fields in memory and does not inline
 * larger methods), nested values walked with an explicit stack instead of recursion.
 */
final class FastLine {
    int keyStart;
    int keyEnd;
    int valueStart;
    int valueEnd;
    long ttl; // -1: absent or null
    boolean valueIsString;

    /** True when the line is a well-formed simple record; the fields above describe it. */
    boolean scan(byte[] line, int length) {
        return object(line, 0, length, false) == length;
    }

    /**
     * Scans a line in place in a read buffer: {@code b[from, to)} holds the line and possibly more.
     * Returns the index of the line's '\n' when the line is a well-formed simple record ending
     * there (fields above are then absolute indexes into {@code b}), else -1: not simple, or the
     * line runs past {@code to}. JSON lines hold no raw newline, so the scan never crosses one.
     */
    int scanInPlace(byte[] b, int from, int to) {
        int end = object(b, from, to, true);
        return end >= 0 && end < to && b[end] == '\n' ? end : -1;
    }

    /**
     * The record object from {@code p}: the index after it and its trailing whitespace, or -1. With
     * {@code stream}, '\n' is not whitespace (it ends the line).
     */
    private int object(byte[] b, int p, int len, boolean stream) {
        keyStart = -1;
        valueStart = -1;
        ttl = -1;
        boolean ttlSeen = false;
        p = ws(b, p, len, stream);
        if (p >= len || b[p] != '{') {
            return -1;
        }
        p = ws(b, p + 1, len, stream);
        while (true) {
            // field name
            if (p >= len || b[p] != '"') {
                return -1;
            }
            int ns = p + 1;
            p = string(b, p, len);
            if (p < 0) {
                return -1;
            }
            int nameLen = p - 1 - ns;
            p = ws(b, p, len, stream);
            if (p >= len || b[p] != ':') {
                return -1;
            }
            p = ws(b, p + 1, len, stream);
            if (p >= len) {
                return -1;
            }
            if (nameLen == 3 && b[ns] == 'k' && b[ns + 1] == 'e' && b[ns + 2] == 'y') {
                if (keyStart >= 0 || b[p] != '"') {
                    return -1;
                }
                int s = p + 1;
                p = string(b, p, len);
                if (p < 0) {
                    return -1;
                }
                int e = p - 1;
                if (e == s) {
                    return -1;
                }
                for (int i = s; i < e; i++) {
                    if (b[i] == '\\') {
                        return -1;
                    }
                }
                keyStart = s;
                keyEnd = e;
            } else if (nameLen == 5 && b[ns] == 'v' && b[ns + 1] == 'a' && b[ns + 2] == 'l' && b[ns + 3] == 'u'
                    && b[ns + 4] == 'e') {
                if (valueStart >= 0) {
                    return -1;
                }
                valueStart = p;
                valueIsString = b[p] == '"';
                p = value(b, p, len, stream);
                if (p < 0) {
                    return -1;
                }
                valueEnd = p;
            } else if (nameLen == 3 && b[ns] == 't' && b[ns + 1] == 't' && b[ns + 2] == 'l') {
                if (ttlSeen) {
                    return -1;
                }
                ttlSeen = true;
                if (b[p] == 'n') {
                    if (p + 4 > len || b[p + 1] != 'u' || b[p + 2] != 'l' || b[p + 3] != 'l') {
                        return -1;
                    }
                    p += 4;
                } else {
                    long v = 0;
                    int s = p;
                    while (p < len && b[p] >= '0' && b[p] <= '9' && p - s < 12) {
                        v = v * 10 + (b[p++] - '0');
                    }
                    if (p == s || b[s] == '0' || p < len && (b[p] == '.' || b[p] == 'e' || b[p] == 'E'
                            || b[p] >= '0' && b[p] <= '9')) {
                        return -1;
                    }
                    ttl = v;
                }
            } else {
                return -1;
            }
            p = ws(b, p, len, stream);
            if (p >= len) {
                return -1;
            }
            if (b[p] == ',') {
                p = ws(b, p + 1, len, stream);
                continue;
            }
            if (b[p] != '}') {
                return -1;
            }
            if (keyStart < 0 || valueStart < 0) {
                return -1;
            }
            return ws(b, p + 1, len, stream);
        }
    }

    /** Skips JSON whitespace from {@code p} (not '\n' in stream mode). */
    private static int ws(byte[] b, int p, int len, boolean stream) {
        while (p < len) {
            byte c = b[p];
            if (c > ' ') {
                return p;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' && !stream) {
                p++;
            } else {
                return p;
            }
        }
        return p;
    }

    /**
     * Any JSON value at {@code p}: the index after it, or -1. Containers are walked with a stack of
     * bits (1 = object, 0 = array), at most 64 deep.
     */
    private static int value(byte[] b, int p, int len, boolean stream) {
        long stack = 0;
        int depth = 0;
        while (true) {
            // a value starts at p (whitespace skipped)
            if (p >= len) {
                return -1;
            }
            int c = b[p];
            if (c == '"') {
                p = string(b, p, len);
            } else if (c == '{' || c == '[') {
                if (depth == 64) {
                    return -1;
                }
                boolean obj = c == '{';
                p++;
                // whitespace, then an immediate close or the first member
                while (p < len && b[p] <= ' ') {
                    byte w = b[p];
                    if (w == ' ' || w == '\t' || w == '\r' || w == '\n' && !stream) {
                        p++;
                    } else {
                        return -1;
                    }
                }
                if (p >= len) {
                    return -1;
                }
                if (b[p] == (obj ? '}' : ']')) {
                    p++; // an empty container is a complete value
                } else {
                    stack = (stack << 1) | (obj ? 1 : 0);
                    depth++;
                    if (obj) {
                        p = member(b, p, len, stream);
                        if (p < 0) {
                            return -1;
                        }
                    }
                    continue; // the first element's value
                }
            } else if (c == 't') {
                if (p + 4 > len || b[p + 1] != 'r' || b[p + 2] != 'u' || b[p + 3] != 'e') {
                    return -1;
                }
                p += 4;
            } else if (c == 'f') {
                if (p + 5 > len || b[p + 1] != 'a' || b[p + 2] != 'l' || b[p + 3] != 's' || b[p + 4] != 'e') {
                    return -1;
                }
                p += 5;
            } else if (c == 'n') {
                if (p + 4 > len || b[p + 1] != 'u' || b[p + 2] != 'l' || b[p + 3] != 'l') {
                    return -1;
                }
                p += 4;
            } else {
                p = number(b, p, len);
            }
            if (p < 0) {
                return -1;
            }
            // after a value: close containers, or a comma and the next element
            while (true) {
                if (depth == 0) {
                    return p;
                }
                p = ws(b, p, len, stream);
                if (p >= len) {
                    return -1;
                }
                c = b[p];
                boolean obj = (stack & 1) != 0;
                if (c == ',') {
                    p = ws(b, p + 1, len, stream);
                    if (obj) {
                        p = member(b, p, len, stream);
                        if (p < 0) {
                            return -1;
                        }
                    }
                    break; // the next value
                }
                if (c != (obj ? '}' : ']')) {
                    return -1;
                }
                p++;
                stack >>>= 1;
                depth--;
            }
        }
    }

    /** An object member's name and colon at {@code p}: the index of its value (whitespace skipped), or -1. */
    private static int member(byte[] b, int p, int len, boolean stream) {
        if (p >= len || b[p] != '"') {
            return -1;
        }
        p = string(b, p, len);
        if (p < 0) {
            return -1;
        }
        p = ws(b, p, len, stream);
        if (p >= len || b[p] != ':') {
            return -1;
        }
        return ws(b, p + 1, len, stream);
    }

    /**
     * A JSON string starting at {@code p} (a quote): the index after its closing quote, or -1.
     * Multi-byte UTF-8 sequences inside it are validated here (outside strings any non-ASCII byte
     * fails the fast path).
     */
    private static int string(byte[] b, int p, int len) {
        p++;
        while (p < len) {
            int c = b[p++];
            if (c == '"') {
                return p;
            }
            if (c >= 0x20 && c != '\\') {
                continue; // the common case: a printable ASCII character
            }
            if (c < 0) {
                p = Utf8.sequence(b, p - 1, len);
                if (p < 0) {
                    return -1;
                }
                continue;
            }
            if (c < 0x20 || p >= len) {
                return -1;
            }
            int e = b[p++];
            switch (e) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> { }
                case 'u' -> {
                    if (p + 4 > len) {
                        return -1;
                    }
                    for (int i = 0; i < 4; i++) {
                        int h = b[p++];
                        if (!(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F')) {
                            return -1;
                        }
                    }
                }
                default -> {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** A JSON number at {@code p}: the index after it, or -1. */
    private static int number(byte[] b, int p, int len) {
        if (p < len && b[p] == '-') {
            p++;
        }
        if (p >= len) {
            return -1;
        }
        if (b[p] == '0') {
            p++;
        } else if (b[p] >= '1' && b[p] <= '9') {
            p++;
            while (p < len && b[p] >= '0' && b[p] <= '9') {
                p++;
            }
        } else {
            return -1;
        }
        if (p < len && b[p] == '.') {
            int d = ++p;
            while (p < len && b[p] >= '0' && b[p] <= '9') {
                p++;
            }
            if (p == d) {
                return -1;
            }
        }
        if (p < len && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < len && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int d = p;
            while (p < len && b[p] >= '0' && b[p] <= '9') {
                p++;
            }
            if (p == d) {
                return -1;
            }
        }
        return p;
    }
}
