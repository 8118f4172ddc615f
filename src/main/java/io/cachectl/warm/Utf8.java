package io.cachectl.warm;

/** Strict UTF-8 validation of a line (a fast ASCII path, then the full check). */
final class Utf8 {
    private Utf8() {
    }

    static void check(byte[] b, int len) throws BadRecord {
        int i = 0;
        while (i < len && b[i] >= 0) {
            i++; // ASCII: the common case (a plain loop: fast from the first call, unlike a VarHandle)
        }
        while (i < len) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int next = sequence(b, i, len);
            if (next < 0) {
                throw bad(i, c);
            }
            i = next;
        }
    }

    /** Validates the multi-byte UTF-8 sequence starting at {@code i}; the index after it, or -1. */
    static int sequence(byte[] b, int i, int len) {
        int c = b[i] & 0xFF;
        int n;
        int min;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            min = 0x10000;
        } else {
            return -1;
        }
        if (i + n >= len) {
            return -1;
        }
        int cp = c & (0x3F >> n);
        for (int k = 1; k <= n; k++) {
            int cc = b[i + k] & 0xFF;
            if ((cc & 0xC0) != 0x80) {
                return -1;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return -1;
        }
        return i + n + 1;
    }

    private static BadRecord bad(int offset, int c) {
        return new BadRecord(String.format("invalid UTF-8 at byte %d of the line (0x%02X): binary data or another"
                + " encoding (convert with iconv -t UTF-8)", offset + 1, c));
    }
}
