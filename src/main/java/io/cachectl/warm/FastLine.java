package io.cachectl.warm;

/**
 * The fast path for the common JSON Lines record: {@code {"key":"…","value":<any JSON>,"ttl":N}}
 * in any order, no escapes in the key. It validates the value's JSON grammar strictly (RFC 8259)
 * while finding its extent, without allocating. Anything unusual (a {@code type}, escapes in the
 * key, an unknown or repeated field, any syntax error, invalid UTF-8) returns false, and the caller
 * checks the line's UTF-8 and parses it with Jackson, which gives the exact error message. So this
 * never decides a line is bad.
 */
final class FastLine {
    int keyStart;
    int keyEnd;
    int valueStart;
    int valueEnd;
    long ttl; // -1: absent or null
    boolean valueIsString;

    private byte[] b;
    private int len; // end of the scanned range (exclusive)
    private int pos;
    private boolean stream;

    /** True when the line is a well-formed simple record; the fields above describe it. */
    boolean scan(byte[] line, int length) {
        stream = false;
        return object(line, 0, length);
    }

    /**
     * Scans a line in place in a read buffer: {@code b[from, to)} holds the line and possibly more.
     * Returns the index of the line's '\n' when the line is a well-formed simple record ending
     * there (fields above are then absolute indexes into {@code b}), else -1: not simple, or the
     * line runs past {@code to}. JSON lines hold no raw newline, so the scan never crosses one.
     */
    int scanInPlace(byte[] b, int from, int to) {
        stream = true;
        return object(b, from, to) ? pos : -1;
    }

    private boolean object(byte[] line, int from, int to) {
        b = line;
        len = to;
        pos = from;
        keyStart = -1;
        valueStart = -1;
        ttl = -1;
        boolean ttlSeen = false;
        ws();
        if (!eat('{')) {
            return false;
        }
        ws();
        if (peek() == '}') {
            return false;
        }
        while (true) {
            ws();
            int ns = pos;
            if (!string()) {
                return false;
            }
            int nameLen = pos - ns - 2;
            ws();
            if (!eat(':')) {
                return false;
            }
            ws();
            if (is(ns, nameLen, KEY)) {
                if (keyStart >= 0 || peek() != '"') {
                    return false;
                }
                int s = pos;
                if (!string()) {
                    return false;
                }
                for (int i = s + 1; i < pos - 1; i++) {
                    if (b[i] == '\\') {
                        return false;
                    }
                }
                keyStart = s + 1;
                keyEnd = pos - 1;
                if (keyEnd == keyStart) {
                    return false;
                }
            } else if (is(ns, nameLen, VALUE)) {
                if (valueStart >= 0) {
                    return false;
                }
                valueStart = pos;
                valueIsString = peek() == '"';
                if (!value(0)) {
                    return false;
                }
                valueEnd = pos;
            } else if (is(ns, nameLen, TTL)) {
                if (ttlSeen) {
                    return false;
                }
                ttlSeen = true;
                if (peek() == 'n') {
                    if (!literal(NULL)) {
                        return false;
                    }
                } else {
                    long v = 0;
                    int s = pos;
                    while (pos < len && b[pos] >= '0' && b[pos] <= '9' && pos - s < 12) {
                        v = v * 10 + (b[pos++] - '0');
                    }
                    if (pos == s || b[s] == '0' || pos < len && (b[pos] == '.' || b[pos] == 'e' || b[pos] == 'E'
                            || b[pos] >= '0' && b[pos] <= '9')) {
                        return false;
                    }
                    ttl = v;
                }
            } else {
                return false;
            }
            ws();
            if (eat(',')) {
                continue;
            }
            if (!eat('}')) {
                return false;
            }
            ws();
            if (keyStart < 0 || valueStart < 0) {
                return false;
            }
            return stream ? pos < len && b[pos] == '\n' : pos == len;
        }
    }

    private static final byte[] KEY = {'k', 'e', 'y'};
    private static final byte[] VALUE = {'v', 'a', 'l', 'u', 'e'};
    private static final byte[] TTL = {'t', 't', 'l'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private boolean is(int quote, int n, byte[] name) {
        if (n != name.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[quote + 1 + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private int peek() {
        return pos < len ? b[pos] : -1;
    }

    private boolean eat(char c) {
        if (pos < len && b[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void ws() {
        final byte[] b = this.b;
        int p = pos;
        while (p < len) {
            byte c = b[p];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' && !stream) {
                p++;
            } else {
                break;
            }
        }
        pos = p;
    }

    private boolean value(int depth) {
        if (depth > 200) {
            return false;
        }
        int c = peek();
        switch (c) {
            case '"':
                return string();
            case '{': {
                pos++;
                ws();
                if (eat('}')) {
                    return true;
                }
                while (true) {
                    ws();
                    if (!string()) {
                        return false;
                    }
                    ws();
                    if (!eat(':')) {
                        return false;
                    }
                    ws();
                    if (!value(depth + 1)) {
                        return false;
                    }
                    ws();
                    if (eat(',')) {
                        continue;
                    }
                    return eat('}');
                }
            }
            case '[': {
                pos++;
                ws();
                if (eat(']')) {
                    return true;
                }
                while (true) {
                    ws();
                    if (!value(depth + 1)) {
                        return false;
                    }
                    ws();
                    if (eat(',')) {
                        continue;
                    }
                    return eat(']');
                }
            }
            case 't':
                return literal(TRUE);
            case 'f':
                return literal(FALSE);
            case 'n':
                return literal(NULL);
            default:
                return number();
        }
    }

    private boolean literal(byte[] word) {
        if (pos + word.length > len) {
            return false;
        }
        for (int i = 0; i < word.length; i++) {
            if (b[pos + i] != word[i]) {
                return false;
            }
        }
        pos += word.length;
        return true;
    }

    /**
     * A JSON string starting at pos (which must be a quote). Multi-byte UTF-8 sequences inside it
     * are validated here (outside strings any non-ASCII byte fails the fast path).
     */
    private boolean string() {
        final byte[] b = this.b;
        final int len = this.len;
        int p = pos;
        if (p >= len || b[p] != '"') {
            return false;
        }
        p++;
        while (p < len) {
            int c = b[p++];
            if (c == '"') {
                pos = p;
                return true;
            }
            if (c >= 0x20 && c != '\\') {
                continue; // the common case: a printable ASCII character
            }
            if (c < 0) {
                p = Utf8.sequence(b, p - 1, len);
                if (p < 0) {
                    return false;
                }
                continue;
            }
            if (c < 0x20) {
                return false;
            }
            if (p >= len) {
                return false;
            }
            int e = b[p++];
            switch (e) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> { }
                case 'u' -> {
                    if (p + 4 > len) {
                        return false;
                    }
                    for (int i = 0; i < 4; i++) {
                        int h = b[p++];
                        if (!(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F')) {
                            return false;
                        }
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        return false;
    }

    private boolean number() {
        int s = pos;
        eat('-');
        if (pos >= len) {
            return false;
        }
        if (b[pos] == '0') {
            pos++;
        } else if (b[pos] >= '1' && b[pos] <= '9') {
            while (pos < len && b[pos] >= '0' && b[pos] <= '9') {
                pos++;
            }
        } else {
            return false;
        }
        if (eat('.')) {
            int d = pos;
            while (pos < len && b[pos] >= '0' && b[pos] <= '9') {
                pos++;
            }
            if (pos == d) {
                return false;
            }
        }
        if (pos < len && (b[pos] == 'e' || b[pos] == 'E')) {
            pos++;
            if (pos < len && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            int d = pos;
            while (pos < len && b[pos] >= '0' && b[pos] <= '9') {
                pos++;
            }
            if (pos == d) {
                return false;
            }
        }
        return pos > s;
    }
}
