package io.cachectl.bench;

import io.cachectl.connect.Node;
import io.cachectl.connect.RedisErrors;
import io.cachectl.connect.Target;
import io.cachectl.error.CachectlException;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Keyspace-wide chores before and after the measured run — checking that no bench key exists,
 * pre-loading, deleting — pipelined per primary in batches of 1,000, one key per command (no
 * CROSSSLOT), every reply read.
 */
final class Bulk {
    private static final int BATCH = 1000;

    /** PRESENT: is the key there? Asked with MEMORY USAGE, which the server does not count as a lookup. */
    enum Op { PRESENT, SET, UNLINK }

    private final Target target;
    private final KeySpace keys;
    private final List<Node> primaries;

    Bulk(Target target, KeySpace keys, List<Node> primaries) {
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
            try (Wire wire = new Wire(target.open(node))) {
                Resp resp = new Resp(keys, Math.max(1, valueSize), ttlMs);
                if (op == Op.UNLINK && !target.isCluster()) {
                    return batched(wire, resp, op == Op.UNLINK, which);
                }
                long positive = 0;
                int pending = 0;
                for (int k = 0; k < keys.size; k++) {
                    if (keys.node(k) != nodeIndex || !which.test(k)) {
                        continue;
                    }
                    switch (op) {
                        case PRESENT -> resp.memoryUsage(wire, k);
                        case SET -> resp.set(wire, k, valueSize);
                        case UNLINK -> resp.unlink(wire, k);
                    }
                    if (++pending == BATCH) {
                        positive += drain(wire, pending);
                        pending = 0;
                    }
                }
                return positive + drain(wire, pending);
            } catch (CachectlException e) {
                throw e;
            } catch (Wire.RedisReplyException e) {
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
    private long batched(Wire wire, Resp resp, boolean unlink, IntPredicate which) {
        int[] batch = new int[500];
        int n = 0;
        int sent = 0;
        long deleted = 0;
        for (int k = 0; k < keys.size; k++) {
            if (which.test(k)) {
                batch[n++] = k;
                if (n == batch.length) {
                    resp.many(wire, unlink, batch, n);
                    n = 0;
                    if (++sent == 20) {
                        deleted += readCounts(wire, sent);
                        sent = 0;
                    }
                }
            }
        }
        if (n > 0) {
            resp.many(wire, unlink, batch, n);
            sent++;
        }
        return deleted + readCounts(wire, sent);
    }

    private static long readCounts(Wire wire, int replies) {
        wire.flush();
        long sum = 0;
        for (int i = 0; i < replies; i++) {
            sum += wire.readLong();
        }
        return sum;
    }

    private static long drain(Wire wire, int n) {
        if (n == 0) {
            return 0;
        }
        wire.flush();
        long positive = 0;
        Wire.RedisReplyException first = null;
        for (int i = 0; i < n; i++) {
            try {
                positive += wire.read() == Wire.NIL ? 0 : 1;
            } catch (Wire.RedisReplyException e) {
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
