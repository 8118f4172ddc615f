package io.cachectl.warm;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads RESP2 replies from a stream without allocating for the common ones ({@code +OK},
 * integers, nil). Only what warm needs: the reply's kind, an integer's value, an error's text.
 */
final class RespReader {
    static final int STATUS = 0;
    static final int BULK = 1;
    static final int NIL = 2;
    static final int INTEGER = 3;
    static final int ARRAY = 4;
    static final int ERROR = 5;

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    /** The value of the last INTEGER reply. */
    long integer;
    /** The text of the last ERROR reply. */
    String error;

    RespReader(InputStream in) {
        this.in = in;
    }

    /** Reads one whole reply and returns its kind. */
    int read() throws IOException {
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
                return BULK;
            }
            case '*' -> {
                long n = number();
                if (n < 0) {
                    return NIL;
                }
                for (long i = 0; i < n; i++) {
                    if (read() == ERROR) {
                        error = null; // an error inside an array is data here
                    }
                }
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
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream(64);
        int c;
        while ((c = next()) != '\r') {
            text.write(c);
        }
        next();
        return text.toString(StandardCharsets.UTF_8);
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
