package io.cachectl.warm;

import java.util.Arrays;

/**
 * A block of commands encoded as RESP, ready to be written to a socket in one call, with the input
 * line of each command (for messages and the resume line) and where each command starts (to resend
 * the unacknowledged rest after a reconnect, or one command after a MOVED/ASK redirect).
 * {@code acked} counts the leading commands whose replies were read.
 */
final class Chunk {
    /** A chunk is sent once it holds this many bytes (or the --pipeline count of commands). */
    static final int TARGET_BYTES = 1 << 19;

    byte[] buf = new byte[TARGET_BYTES + (TARGET_BYTES >> 2)];
    int len;
    long[] lines = new long[1024];
    int[] starts = new int[1024];
    int count;
    int acked;

    void reset() {
        if (buf.length > 4 * TARGET_BYTES) {
            buf = new byte[TARGET_BYTES + (TARGET_BYTES >> 2)]; // one huge record does not keep its buffer
        }
        len = 0;
        count = 0;
        acked = 0;
    }

    long firstLine() {
        return lines[0];
    }

    /** Starts command number {@link #count} (for input line {@code line}). */
    void begin(long line) {
        if (count == lines.length) {
            lines = Arrays.copyOf(lines, count * 2);
            starts = Arrays.copyOf(starts, count * 2);
        }
        lines[count] = line;
        starts[count] = len;
        count++;
    }

    /** Byte offset where command {@code i} starts ({@link #len} for i == count). */
    int start(int i) {
        return i < count ? starts[i] : len;
    }

    boolean full(int maxCommands) {
        return count >= maxCommands || len >= TARGET_BYTES;
    }

    void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    /** {@code *n\r\n} */
    void array(int n) {
        ensure(16);
        buf[len++] = '*';
        digits(n);
        crlf();
    }

    /** A bulk string of the bytes {@code [from, to)} of {@code b}. */
    void bulk(byte[] b, int from, int to) {
        int n = to - from;
        ensure(n + 24);
        byte[] d = buf;
        d[len++] = '$';
        digits(n);
        crlf();
        System.arraycopy(b, from, d, len, n);
        len += n;
        crlf();
    }

    void bulk(byte[] b) {
        bulk(b, 0, b.length);
    }

    /** A bulk string holding the decimal digits of {@code v} (v >= 0). */
    void bulk(long v) {
        ensure(48);
        int n = 1;
        for (long x = v; x >= 10; x /= 10) {
            n++;
        }
        buf[len++] = '$';
        digits(n);
        crlf();
        digits(v);
        crlf();
    }

    /** Pre-encoded bytes. */
    void raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void crlf() {
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    private void digits(long v) {
        if (v < 10) {
            buf[len++] = (byte) ('0' + v);
            return;
        }
        int n = 0;
        for (long x = v; x > 0; x /= 10) {
            n++;
        }
        int end = len + n;
        for (int i = end - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len = end;
    }
}
