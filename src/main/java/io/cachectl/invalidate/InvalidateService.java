package io.cachectl.invalidate;

import io.cachectl.connect.Node;
import io.cachectl.connect.RedisErrors;
import io.cachectl.connect.Target;
import io.cachectl.output.Progress;
import io.cachectl.scan.KeyInfo;
import io.cachectl.scan.Patterns;
import io.cachectl.scan.Keys;
import io.cachectl.scan.Probe;
import io.cachectl.scan.ScanOptions;
import io.cachectl.scan.ScanSummary;
import io.cachectl.scan.Scanner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.Jedis;

/**
 * Deletes keys by pattern (the keyspace engine's SCAN MATCH on every primary, UNLINK per batch on
 * the node that returned it) or from an exact list (routed by slot). Never KEYS, never a key the
 * server did not match.
 */
public final class InvalidateService {
    /** Keys per UNLINK round for --keys-from. */
    static final int LIST_BATCH = 1000;
    static final int SAMPLE = 10;

    private final Target target;

    public InvalidateService(Target target) {
        this.target = target;
    }

    /** Engine options for {@code pattern}: SCAN MATCH (and TYPE), on the one primary a hash tag pins. */
    public ScanOptions scanOptions(String pattern, String type, int count, long rate, boolean withMemory,
            BooleanSupplier stop) {
        Patterns.validate(pattern);
        ScanOptions o = new ScanOptions().match(pattern).type(type).count(count).rate(rate).stopWhen(stop);
        Patterns.pinnedSlot(pattern).ifPresent(o::slot);
        if (withMemory) {
            o.probes(Probe.MEMORY);
        }
        return o;
    }

    /** Scans with {@code options}; deletes what matches unless {@code dryRun}. */
    public InvalidateReport byPattern(ScanOptions options, boolean dryRun, Progress progress) {
        long t0 = System.nanoTime();
        Tally tally = new Tally(dryRun);
        ScanSummary scan;
        try {
            scan = new Scanner(target).run(options, (node, batch) -> tally.batch(node, batch), progress);
        } finally {
            tally.close();
        }
        Map<String, String> cursors = new LinkedHashMap<>();
        scan.nodes().forEach(n -> {
            cursors.put(n.node(), n.completed() ? "0" : n.cursor());
            if (n.error() != null) {
                tally.nodeError(n.node(), n.error());
            }
        });
        String error = scan.error() == null ? tally.error : scan.error();
        boolean complete = scan.completed() && error == null;
        return tally.report(options.match(), "pattern", options.type(), cursors, t0, complete, error,
                options.wants(Probe.MEMORY));
    }

    /** Deletes exactly the keys {@code keys} yields (one per element), routed to their primaries. */
    public InvalidateReport byList(Iterator<byte[]> keys, String source, boolean dryRun, Progress progress,
            BooleanSupplier stop) {
        long t0 = System.nanoTime();
        Tally tally = new Tally(dryRun);
        Map<Node, List<byte[]>> pending = new LinkedHashMap<>();
        boolean complete = true;
        try {
            while (keys.hasNext() && tally.error == null) {
                if (stop.getAsBoolean()) {
                    complete = false;
                    break;
                }
                byte[] key = keys.next();
                Node node = target.primaryFor(key);
                List<byte[]> batch = pending.computeIfAbsent(node, n -> new ArrayList<>());
                batch.add(key);
                if (batch.size() >= LIST_BATCH) {
                    tally.list(node, batch);
                    progress.step(batch.size());
                    pending.remove(node);
                }
            }
            for (Map.Entry<Node, List<byte[]>> e : pending.entrySet()) {
                if (tally.error == null && complete) {
                    tally.list(e.getKey(), e.getValue());
                    progress.step(e.getValue().size());
                }
            }
        } finally {
            tally.close();
        }
        return tally.report(null, source, null, Map.of(), t0, complete && tally.error == null, tally.error, false);
    }

    /** Per-node counts and connections, shared by the scan threads. */
    private final class Tally {
        private final boolean dryRun;
        private final Map<String, Counts> counts = new ConcurrentHashMap<>();
        private final Map<Node, Unlinker> unlinkers = new ConcurrentHashMap<>();
        private final Map<String, Jedis> redirected = new ConcurrentHashMap<>();
        private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
        private final List<Jedis> connections = Collections.synchronizedList(new ArrayList<>());
        private final List<String> sample = Collections.synchronizedList(new ArrayList<>());
        private final boolean useDel;
        private volatile String error;

        Tally(boolean dryRun) {
            this.dryRun = dryRun;
            this.useDel = !dryRun && Unlinker.needsDel(target);
        }

        /** A batch from the scanner: every key in it matched on {@code node}. */
        void batch(Node node, List<KeyInfo> batch) {
            Counts c = counts.computeIfAbsent(node.address(), a -> new Counts());
            List<byte[]> keys = new ArrayList<>(batch.size());
            long bytes = 0;
            for (KeyInfo k : batch) {
                keys.add(k.key());
                bytes += Math.max(0, k.bytes());
                if (sample.size() < SAMPLE) {
                    sample.add(Keys.display(k.key()));
                }
            }
            c.bytes.addAndGet(bytes);
            c.matched.addAndGet(keys.size());
            if (!dryRun) {
                delete(node, c, keys);
            }
        }

        /** A batch from a list: existence is only known by deleting (or EXISTS for a dry run). */
        void list(Node node, List<byte[]> keys) {
            Counts c = counts.computeIfAbsent(node.address(), a -> new Counts());
            for (int i = 0; i < keys.size() && sample.size() < SAMPLE; i++) {
                sample.add(Keys.display(keys.get(i)));
            }
            try {
                if (dryRun) {
                    c.matched.addAndGet(unlinker(node).exists(keys));
                } else {
                    c.matched.addAndGet(keys.size());
                    delete(node, c, keys);
                }
            } catch (RuntimeException e) {
                fail(node, c, e);
            }
        }

        private void delete(Node node, Counts c, List<byte[]> keys) {
            try {
                long n = unlinker(node).delete(keys);
                c.deleted.addAndGet(n);
                c.skipped.addAndGet(keys.size() - n);
            } catch (RuntimeException e) {
                settle(node, c, keys);
                fail(node, c, e);
                throw e; // stops the scan: the report says what was done
            }
        }

        /**
         * After a failed UNLINK round (timeout, dropped connection, error reply) its reply is lost, but
         * the server may have run it: asks a fresh connection which of the keys still exist. Those gone
         * are counted deleted, those left are not; when even that fails (a frozen or dead server) the
         * round's keys are counted {@code unconfirmed}, so deleted + skipped + unconfirmed still
         * accounts for every key sent.
         */
        private void settle(Node node, Counts c, List<byte[]> keys) {
            Jedis j = null;
            try {
                j = target.open(node);
                long left = new Unlinker(j, target.isCluster(), useDel, null).exists(keys);
                c.deleted.addAndGet(keys.size() - left);
            } catch (RuntimeException again) {
                c.unconfirmed.addAndGet(keys.size());
            } finally {
                if (j != null) {
                    try {
                        j.close();
                    } catch (RuntimeException ignored) {
                        // already failing
                    }
                }
            }
        }

        /** A failure the scanner saw on a node (connection lost, SCAN refused). */
        void nodeError(String address, String message) {
            Counts c = counts.computeIfAbsent(address, a -> new Counts());
            if (c.error == null) {
                c.error = message;
            }
        }

        private void fail(Node node, Counts c, RuntimeException e) {
            String msg = RedisErrors.describe(e, node.address());
            c.error = msg;
            if (error == null) {
                error = msg;
            }
        }

        private Unlinker unlinker(Node node) {
            return unlinkers.computeIfAbsent(node, n -> {
                Jedis j = target.open(n);
                connections.add(j);
                return new Unlinker(j, target.isCluster(), useDel, this::movedTo);
            });
        }

        /** A connection to the new owner a MOVED reply names, opened once and said once on stderr. */
        private Jedis movedTo(redis.clients.jedis.HostAndPort owner) {
            return redirected.computeIfAbsent(owner.toString(), a -> {
                Jedis j = target.open(owner);
                connections.add(j);
                notes.add("keys of a shard that failed over mid-run were deleted on its new primary " + a);
                return j;
            });
        }

        void close() {
            for (Jedis j : connections) {
                try {
                    j.close();
                } catch (RuntimeException ignored) {
                    // a broken connection must not hide the report
                }
            }
        }

        InvalidateReport report(String pattern, String source, String type, Map<String, String> cursors, long t0,
                boolean complete, String err, boolean withBytes) {
            List<InvalidateReport.NodeResult> nodes = new ArrayList<>();
            long matched = 0;
            long deleted = 0;
            long skipped = 0;
            long unconfirmed = 0;
            long bytes = 0;
            for (Node n : target.primaries()) {
                Counts c = counts.get(n.address());
                if (c == null && !cursors.containsKey(n.address())) {
                    continue;
                }
                c = c == null ? new Counts() : c;
                nodes.add(new InvalidateReport.NodeResult(n.address(), c.matched.get(), c.deleted.get(),
                        c.skipped.get(), c.unconfirmed.get(), withBytes ? c.bytes.get() : null,
                        cursors.get(n.address()), c.error));
                unconfirmed += c.unconfirmed.get();
                matched += c.matched.get();
                deleted += c.deleted.get();
                skipped += c.skipped.get();
                bytes += c.bytes.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long done = dryRun ? matched : deleted + skipped;
            return new InvalidateReport(pattern, source, type, dryRun, matched, deleted, skipped, unconfirmed,
                    withBytes ? bytes : null, nodes, List.copyOf(sample), Math.round(seconds * 1000) / 1000.0,
                    seconds > 0 ? Math.round(done / seconds) : 0, complete, err, List.copyOf(notes));
        }
    }

    private static final class Counts {
        final AtomicLong matched = new AtomicLong();
        final AtomicLong deleted = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong unconfirmed = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        volatile String error;
    }
}
