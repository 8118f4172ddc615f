package io.cachectl.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Encodes the few commands bench sends (GET, SET [PX], UNLINK, EXISTS) straight into a byte buffer. */
final class Resp {
    private static final byte[] GET = ascii("*2\r\n$3\r\nGET\r\n$");
    private static final byte[] UNLINK = ascii("*2\r\n$6\r\nUNLINK\r\n$");
    private static final byte[] UNLINK_CMD = ascii("$6\r\nUNLINK\r\n$");
    private static final byte[] EXISTS_CMD = ascii("$6\r\nEXISTS\r\n$");
    private static final byte[] EXISTS = ascii("*2\r\n$6\r\nEXISTS\r\n$");
    private static final byte[] MEMORY_USAGE = ascii("*3\r\n$6\r\nMEMORY\r\n$5\r\nUSAGE\r\n$");
    private static final byte[] SET3 = ascii("*3\r\n$3\r\nSET\r\n$");
    private static final byte[] SET5 = ascii("*5\r\n$3\r\nSET\r\n$");
    private static final byte[] PX = ascii("$2\r\nPX\r\n$");

    private final KeySpace keys;
    private final byte[] value;
    private final byte[] ttl;
    private final byte[] buf;

    /** {@code maxValue}: largest value size; {@code ttlMs} ≤ 0: SET without expiry. */
    Resp(KeySpace keys, int maxValue, long ttlMs) {
        this.keys = keys;
        this.value = new byte[maxValue];
        Arrays.fill(value, (byte) 'x');
        this.ttl = ttlMs > 0 ? ascii(Long.toString(ttlMs)) : null;
        this.buf = new byte[keys.prefix.length + 128];
    }

    void get(Wire w, int key) {
        keyed(w, GET, key);
    }

    void unlink(Wire w, int key) {
        keyed(w, UNLINK, key);
    }

    /** UNLINK (or EXISTS) of several keys in one command (standalone only: in a cluster they may span slots). */
    void many(Wire w, boolean unlink, int[] keyIndexes, int n) {
        int p = 0;
        buf[p++] = '*';
        p += digits(n + 1, buf, p);
        buf[p++] = '\r';
        buf[p++] = '\n';
        p = put(unlink ? UNLINK_CMD : EXISTS_CMD, p) - 1; // without the trailing '$' of a key header
        w.write(buf, 0, p);
        for (int i = 0; i < n; i++) {
            buf[0] = '$';
            w.write(buf, 0, putKey(keyIndexes[i], 1));
        }
    }

    void exists(Wire w, int key) {
        keyed(w, EXISTS, key);
    }

    /** MEMORY USAGE: nil when the key does not exist, and — unlike EXISTS — no keyspace hit or miss. */
    void memoryUsage(Wire w, int key) {
        keyed(w, MEMORY_USAGE, key);
    }

    void set(Wire w, int key, int size) {
        int p = put(ttl == null ? SET3 : SET5, 0);
        p = putKey(key, p);
        buf[p++] = '$';
        p += digits(size, buf, p);
        buf[p++] = '\r';
        buf[p++] = '\n';
        w.write(buf, 0, p);
        w.write(value, 0, size);
        p = 0;
        buf[p++] = '\r';
        buf[p++] = '\n';
        if (ttl != null) {
            p = put(PX, p);
            p += digits(ttl.length, buf, p);
            buf[p++] = '\r';
            buf[p++] = '\n';
            p = put(ttl, p);
            buf[p++] = '\r';
            buf[p++] = '\n';
        }
        w.write(buf, 0, p);
    }

    private void keyed(Wire w, byte[] head, int key) {
        int p = putKey(key, put(head, 0));
        w.write(buf, 0, p);
    }

    /** Writes "len\r\nname\r\n" of the key at p. */
    private int putKey(int key, int p) {
        int nameAt = p + 24;
        int len = keys.name(key, buf, nameAt);
        p += digits(len, buf, p);
        buf[p++] = '\r';
        buf[p++] = '\n';
        System.arraycopy(buf, nameAt, buf, p, len);
        p += len;
        buf[p++] = '\r';
        buf[p++] = '\n';
        return p;
    }

    private int put(byte[] b, int p) {
        System.arraycopy(b, 0, buf, p, b.length);
        return p + b.length;
    }

    /** Writes the decimal digits of {@code v} ≥ 0 at {@code pos}; returns how many. */
    static int digits(long v, byte[] buf, int pos) {
        int n = 1;
        for (long x = v; x >= 10; x /= 10) {
            n++;
        }
        for (int i = pos + n - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return n;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
