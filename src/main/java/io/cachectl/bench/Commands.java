package io.cachectl.bench;

import io.cachectl.connect.resp.RespEncoder;
import java.util.Arrays;

/** The few commands bench sends (GET, SET [PX], UNLINK, EXISTS, MEMORY USAGE), encoded by the shared codec. */
final class Commands {
    private static final byte[] GET = RespEncoder.prefix(2, "GET");
    private static final byte[] UNLINK = RespEncoder.prefix(2, "UNLINK");
    private static final byte[] EXISTS = RespEncoder.prefix(2, "EXISTS");
    private static final byte[] MEMORY_USAGE = RespEncoder.prefix(3, "MEMORY", "USAGE");
    private static final byte[] SET3 = RespEncoder.prefix(3, "SET");
    private static final byte[] SET5 = RespEncoder.prefix(5, "SET");
    private static final byte[] UNLINK_WORD = RespEncoder.command("UNLINK");
    private static final byte[] EXISTS_WORD = RespEncoder.command("EXISTS");
    private static final byte[] PX = RespEncoder.command("PX");
    /** How much of {@code command(word)} is the array header {@code *1\r\n}. */
    private static final int ONE_WORD_HEADER = 4;

    private final KeySpace keys;
    private final byte[] value;
    private final long ttlMs;
    private final byte[] name;

    /** {@code maxValue}: largest value size; {@code ttlMs} ≤ 0: SET without expiry. */
    Commands(KeySpace keys, int maxValue, long ttlMs) {
        this.keys = keys;
        this.value = new byte[maxValue];
        Arrays.fill(value, (byte) 'x');
        this.ttlMs = ttlMs;
        this.name = new byte[keys.prefix.length + 24];
    }

    void get(RespEncoder e, int key) {
        keyed(e, GET, key);
    }

    void unlink(RespEncoder e, int key) {
        keyed(e, UNLINK, key);
    }

    void exists(RespEncoder e, int key) {
        keyed(e, EXISTS, key);
    }

    /** MEMORY USAGE: nil when the key does not exist, and — unlike EXISTS — no keyspace hit or miss. */
    void memoryUsage(RespEncoder e, int key) {
        keyed(e, MEMORY_USAGE, key);
    }

    /** UNLINK (or EXISTS) of several keys in one command (standalone only: in a cluster they may span slots). */
    void many(RespEncoder e, boolean unlink, int[] keyIndexes, int n) {
        e.array(n + 1);
        byte[] word = unlink ? UNLINK_WORD : EXISTS_WORD;
        e.raw(word, ONE_WORD_HEADER, word.length);
        for (int i = 0; i < n; i++) {
            key(e, keyIndexes[i]);
        }
    }

    void set(RespEncoder e, int key, int size) {
        keyed(e, ttlMs > 0 ? SET5 : SET3, key);
        e.bulk(value, 0, size);
        if (ttlMs > 0) {
            e.raw(PX, ONE_WORD_HEADER, PX.length);
            e.bulk(ttlMs);
        }
    }

    private void keyed(RespEncoder e, byte[] head, int key) {
        e.raw(head);
        key(e, key);
    }

    private void key(RespEncoder e, int key) {
        e.bulk(name, 0, keys.name(key, name, 0));
    }
}
