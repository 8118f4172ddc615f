package io.cachectl.connect.resp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads RESP2 replies from a stream through its own buffer, without allocating for any reply but
 * an error (whose text becomes a String). It tells the reply's kind, an integer's value, a bulk's or
 * an array's length and an error's text; bulk contents are skipped (no caller needs them). Arrays
 * are read whole, nested ones included. Connections are pinned to RESP2 in {@code Connector.config}
 * (see there): a RESP3 type byte here means the stream is out of step, and is reported as such.
 */
public final class RespReader {
    public static final int STATUS = 0;
    public static final int BULK = 1;
    public static final int NIL = 2;
    public static final int INTEGER = 3;
    public static final int ARRAY = 4;
    public static final int ERROR = 5;

    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int lim;
    private long integer;
    private long length;
    private String error;
    private byte[] text = new byte[64];

    public RespReader(InputStream in) {
        this(in, 1 << 16);
    }

    /** {@code bufferSize}: how much one read from the stream may take (tests use tiny ones). */
    public RespReader(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[bufferSize];
    }

    /** The value of the last {@link #INTEGER} reply. */
    public long integer() {
        return integer;
    }

    /** The length of the last {@link #BULK} (bytes) or {@link #ARRAY} (elements) read at the top level. */
    public long length() {
        return length;
    }

    /** The text of the last {@link #ERROR} reply (an error inside an array is data, and clears it). */
    public String error() {
        return error;
    }

    /** Bytes readable without blocking: buffered here, or in the stream. */
    public int available() throws IOException {
        return lim - pos + in.available();
    }

    /** Reads one whole reply and returns its kind. */
    public int read() throws IOException {
        int type = next();
        switch (type) {
            case '+' -> {
                skipLine();
                return STATUS;
            }
            case ':' -> {
                integer = number();
                return INTEGER;
            }
            case '$' -> {
                long n = number();
                if (n < 0) {
                    return NIL;
                }
                skip(n + 2);
                length = n;
                return BULK;
            }
            case '*' -> {
                long n = number();
                if (n < 0) {
                    return NIL;
                }
                for (long i = 0; i < n; i++) {
                    if (read() == ERROR) {
                        error = null;
                    }
                }
                length = n;
                return ARRAY;
            }
            case '-' -> {
                error = line();
                return ERROR;
            }
            default -> throw new IOException("unexpected reply byte 0x" + Integer.toHexString(type & 0xFF)
                    + " (not a Redis server, or the stream is out of step)");
        }
    }

    private int next() throws IOException {
        if (pos >= lim) {
            fill();
        }
        return buf[pos++];
    }

    private void fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            throw new EOFException("the server closed the connection");
        }
        pos = 0;
        lim = n;
    }

    private long number() throws IOException {
        boolean neg = false;
        long v = 0;
        int c = next();
        if (c == '-') {
            neg = true;
            c = next();
        }
        while (c != '\r') {
            if (c < '0' || c > '9') {
                throw new IOException("malformed number in a reply (the stream is out of step)");
            }
            v = v * 10 + (c - '0');
            c = next();
        }
        next(); // '\n'
        return neg ? -v : v;
    }

    private void skipLine() throws IOException {
        while (next() != '\r') {
            // status text
        }
        next();
    }

    private String line() throws IOException {
        int n = 0;
        int c;
        while ((c = next()) != '\r') {
            if (n == text.length) {
                text = java.util.Arrays.copyOf(text, n * 2);
            }
            text[n++] = (byte) c;
        }
        next();
        return new String(text, 0, n, StandardCharsets.UTF_8);
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (pos >= lim) {
                fill();
            }
            int k = (int) Math.min(n, lim - pos);
            pos += k;
            n -= k;
        }
    }
}
