package io.cachectl.connect.resp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes commands as RESP into one growable, reusable byte buffer: no allocation once the buffer
 * has grown to its working size. Callers write the buffer to a socket in one call ({@link #writeTo})
 * or keep it (warm's chunks, to resend after a reconnect). Every cachectl path that speaks RESP
 * itself (bench's load engine and pre-load, warm's lanes) encodes here.
 */
public class RespEncoder {
    private final int initialCapacity;
    private byte[] buf;
    private int len;

    public RespEncoder(int initialCapacity) {
        this.initialCapacity = initialCapacity;
        this.buf = new byte[initialCapacity];
    }

    /** The encoded bytes are {@code bytes()[0, length())}; the array changes when the buffer grows. */
    public final byte[] bytes() {
        return buf;
    }

    public final int length() {
        return len;
    }

    /** Empties the buffer; one that grew past {@code keepAtMost} bytes is replaced by a new one of the initial size. */
    public final void clear(int keepAtMost) {
        if (buf.length > keepAtMost) {
            buf = new byte[initialCapacity];
        }
        len = 0;
    }

    public final void clear() {
        len = 0;
    }

    /** Writes the buffer to {@code out} and empties it. */
    public final void writeTo(OutputStream out) throws IOException {
        if (len > 0) {
            out.write(buf, 0, len);
            len = 0;
        }
    }

    /** {@code *n\r\n}: a command of n arguments follows. */
    public final void array(int n) {
        ensure(24);
        buf[len++] = '*';
        len += digits(n, buf, len);
        crlf();
    }

    /** A bulk string of the bytes {@code [from, to)} of {@code b}. */
    public final void bulk(byte[] b, int from, int to) {
        int n = to - from;
        ensure(n + 24);
        byte[] d = buf;
        d[len++] = '$';
        len += digits(n, d, len);
        d[len++] = '\r';
        d[len++] = '\n';
        System.arraycopy(b, from, d, len, n);
        len += n;
        d[len++] = '\r';
        d[len++] = '\n';
    }

    public final void bulk(byte[] b) {
        bulk(b, 0, b.length);
    }

    /** A bulk string holding the decimal digits of {@code v} ≥ 0. */
    public final void bulk(long v) {
        ensure(48);
        int n = digitCount(v);
        buf[len++] = '$';
        len += digits(n, buf, len);
        crlf();
        len += digits(v, buf, len);
        crlf();
    }

    /** Bytes encoded already (see {@link #prefix}). */
    public final void raw(byte[] b) {
        raw(b, 0, b.length);
    }

    public final void raw(byte[] b, int from, int to) {
        int n = to - from;
        ensure(n);
        System.arraycopy(b, from, buf, len, n);
        len += n;
    }

    /** Makes room for {@code extra} more bytes. */
    public final void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    private void crlf() {
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    /**
     * The constant start of a command of {@code argc} arguments whose first ones are {@code words}:
     * {@code prefix(3, "SET")} is {@code *3\r\n$3\r\nSET\r\n}, and the key and value follow as bulks.
     */
    public static byte[] prefix(int argc, String... words) {
        RespEncoder e = new RespEncoder(32);
        e.array(argc);
        for (String w : words) {
            e.bulk(w.getBytes(StandardCharsets.UTF_8));
        }
        return Arrays.copyOf(e.buf, e.len);
    }

    /** A whole command of constant words, e.g. {@code command("ASKING")}. */
    public static byte[] command(String... words) {
        return prefix(words.length, words);
    }

    /** Writes the decimal digits of {@code v} ≥ 0 at {@code pos}; returns how many. */
    public static int digits(long v, byte[] buf, int pos) {
        int n = digitCount(v);
        for (int i = pos + n - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return n;
    }

    private static int digitCount(long v) {
        int n = 1;
        for (long x = v; x >= 10; x /= 10) {
            n++;
        }
        return n;
    }
}
