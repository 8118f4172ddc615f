package io.cachectl.bench;

import io.cachectl.connect.Node;
import io.cachectl.connect.RedisErrors;
import io.cachectl.connect.Target;
import io.cachectl.connect.resp.RespEncoder;
import io.cachectl.error.CachectlException;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Bench's keys before and after the measured run — checking that none exists, pre-loading them,
 * deleting them — pipelined per primary in batches of 1,000, one key per command (no CROSSSLOT),
 * every reply read.
 */
final class Preload {
    private static final int BATCH = 1000;
    /** Encoded commands go to the socket at the latest at this size (big values). */
    private static final int FLUSH_AT = 1 << 16;

    /** PRESENT: is the key there? Asked with MEMORY USAGE, which the server does not count as a lookup. */
    enum Op { PRESENT, SET, UNLINK }

    private final Target target;
    private final KeySpace keys;
    private final List<Node> primaries;

    Preload(Target target, KeySpace keys, List<Node> primaries) {
        this.target = target;
        this.keys = keys;
        this.primaries = primaries;
    }

    /**
     * Runs {@code op} on every key index selected by {@code which}, on the primary owning it; returns
     * how many replies were "positive" (key existed / was deleted / was set).
     */
    long run(Op op, IntPredicate which, int valueSize, long ttlMs) {
        Map<Node, Long> counts = Target.parallel(primaries, node -> {
            int nodeIndex = primaries.indexOf(node);
            try (Conn conn = new Conn(target.openRawFirst(node), nodeIndex, 1)) {
                Commands commands = new Commands(keys, Math.max(1, valueSize), ttlMs);
                RespEncoder out = new RespEncoder(1 << 16);
                if (op == Op.UNLINK && !target.isCluster()) {
                    return batched(conn, commands, out, op == Op.UNLINK, which);
                }
                long positive = 0;
                int pending = 0;
                for (int k = 0; k < keys.size; k++) {
                    if (keys.node(k) != nodeIndex || !which.test(k)) {
                        continue;
                    }
                    switch (op) {
                        case PRESENT -> commands.memoryUsage(out, k);
                        case SET -> commands.set(out, k, valueSize);
                        case UNLINK -> commands.unlink(out, k);
                    }
                    if (out.length() >= FLUSH_AT) {
                        conn.send(out);
                    }
                    if (++pending == BATCH) {
                        positive += drain(conn, out, pending);
                        pending = 0;
                    }
                }
                return positive + drain(conn, out, pending);
            } catch (CachectlException e) {
                throw e;
            } catch (Conn.ReplyError e) {
                throw CachectlException.unavailable(node.address() + ": " + op + " failed: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw RedisErrors.map(e, node.address());
            }
        });
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Standalone: 500 keys per UNLINK/EXISTS, pipelined — the clean-up then finishes well within
     * Ctrl-C's grace period even for a million keys.
     */
    private long batched(Conn conn, Commands commands, RespEncoder out, boolean unlink, IntPredicate which) {
        int[] batch = new int[500];
        int n = 0;
        int sent = 0;
        long deleted = 0;
        for (int k = 0; k < keys.size; k++) {
            if (which.test(k)) {
                batch[n++] = k;
                if (n == batch.length) {
                    commands.many(out, unlink, batch, n);
                    n = 0;
                    if (++sent == 20) {
                        deleted += readCounts(conn, out, sent);
                        sent = 0;
                    }
                }
            }
        }
        if (n > 0) {
            commands.many(out, unlink, batch, n);
            sent++;
        }
        return deleted + readCounts(conn, out, sent);
    }

    private static long readCounts(Conn conn, RespEncoder out, int replies) {
        conn.send(out);
        long sum = 0;
        for (int i = 0; i < replies; i++) {
            sum += conn.readLong();
        }
        return sum;
    }

    private static long drain(Conn conn, RespEncoder out, int n) {
        if (n == 0) {
            return 0;
        }
        conn.send(out);
        long positive = 0;
        Conn.ReplyError first = null;
        for (int i = 0; i < n; i++) {
            try {
                positive += conn.read() == Conn.NIL ? 0 : 1;
            } catch (Conn.ReplyError e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return positive;
    }

    static IntPredicate all() {
        return k -> true;
    }

    static IntPredicate in(BitSet set) {
        return set::get;
    }
}
