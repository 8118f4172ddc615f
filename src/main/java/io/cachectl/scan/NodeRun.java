package io.cachectl.scan;

import io.cachectl.connect.Node;
import io.cachectl.connect.RedisErrors;
import io.cachectl.output.Progress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** The scan of one node: a reader thread fetching batches, the calling thread delivering them. */
final class NodeRun {
    private static final Object END = new Object();
    private static final byte[] ZERO = {'0'};
    private static final byte[] EMPTY = {};
    private static final String[] TYPES = {"string", "hash", "list", "set", "zset", "stream", "none"};
    /** probe.lua's type codes. */
    private static final String[] CODES = {"none", "string", "hash", "list", "set", "zset", "stream", "unknown"};

    /**
     * Probe calls in flight per node: the server always has the next batches queued, even when this
     * client waits for a CPU on a busy machine. Other clients still get their turn between calls (Redis
     * reads at most 16 KB per connection per event-loop turn), so their wait stays around one call.
     */
    static final int DEPTH = 3;

    final Node node;
    private final Jedis jedis;
    /** The connection probe scripts run on (SCAN runs on {@link #jedis}); null without scripts. */
    private final Jedis probeJedis;
    /** SHA of the loaded probe script; null = send the body with EVAL (SCRIPT LOAD refused or cache flushed). */
    byte[] sha;
    private final ScanOptions options;
    private final boolean wantType;
    private final boolean wantMemory;
    private final boolean wantTtl;
    private final boolean wantLength;
    private final boolean script;
    private final byte[] flags;
    private final byte[] samples;
    private final byte[] startCursor;

    long dbsize;
    long hitsBefore = -1;
    long quota = Long.MAX_VALUE;
    double rate;
    int maxCount;
    volatile int count;
    final boolean skip;

    // written by the reader thread only (the SCAN thread's counter is read after it ended)
    private long fetched;
    private long calls;
    private long scanCalls;
    private long vanished;
    private long typeChanged;
    private long hits;
    private boolean cutBySample;
    // written by the delivery thread only
    private long delivered;
    private byte[] deliveredCursor;
    private boolean reachedEnd;
    private volatile String error;
    volatile boolean denied;
    private long hitsAfter = -1;

    NodeRun(Node node, Jedis jedis, Jedis probeJedis, String cursor, ScanOptions options, Set<Probe> probes,
            boolean script) {
        this.node = node;
        this.jedis = jedis;
        this.probeJedis = probeJedis;
        this.options = options;
        this.wantType = probes.contains(Probe.TYPE) || probes.contains(Probe.LENGTH);
        this.wantMemory = probes.contains(Probe.MEMORY);
        this.wantTtl = probes.contains(Probe.TTL);
        this.wantLength = probes.contains(Probe.LENGTH);
        this.script = script;
        this.skip = Cursors.DONE.equals(cursor);
        this.startCursor = skip ? ZERO : cursor.getBytes(StandardCharsets.US_ASCII);
        this.deliveredCursor = startCursor;
        this.maxCount = options.count();
        this.count = script ? Math.min(options.count(), 256) : options.count(); // scripts: adapted from here
        this.flags = ((wantType ? "t" : "") + (wantMemory ? "m" : "") + (wantTtl ? "p" : "") + (wantLength ? "l" : ""))
                .getBytes(StandardCharsets.US_ASCII);
        this.samples = options.memorySamples() == null ? EMPTY
                : options.memorySamples().toString().getBytes(StandardCharsets.US_ASCII);
    }

    private record Fetched(byte[] next, List<KeyInfo> keys) {
    }

    void run(BatchConsumer consumer, Progress progress, AtomicBoolean stop) {
        if (skip) {
            reachedEnd = true;
            return;
        }
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(8); // absorbs a consumer that is briefly slow
        Thread reader = new Thread(() -> {
            if (script) {
                readScripted(queue, stop);
            } else {
                read(queue, stop);
            }
        }, "cachectl-scan-read-" + node.address());
        reader.setDaemon(true);
        reader.start();
        boolean failed = false;
        while (true) {
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                stop.set(true);
                continue;
            }
            if (item == END) {
                break;
            }
            if (item instanceof Throwable t) {
                fail(t, stop);
                break;
            }
            Fetched f = (Fetched) item;
            if (failed) {
                continue; // drain so the reader can finish
            }
            try {
                if (!f.keys.isEmpty()) {
                    consumer.accept(node, f.keys);
                }
                delivered += f.keys.size();
                if (f.next != null) { // null: more of the same SCAN batch follows
                    deliveredCursor = f.next;
                    reachedEnd = Arrays.equals(f.next, ZERO);
                }
                progress.step(f.keys.size());
            } catch (RuntimeException e) {
                failed = true;
                fail(e, stop);
            }
        }
        try {
            reader.join();
        } catch (InterruptedException e) {
            stop.set(true);
        }
        if (error == null) {
            try {
                hitsAfter = Scanner.keyspaceHits(jedis);
            } catch (RuntimeException ignored) {
                hitsAfter = -1;
            }
        }
    }

    private void fail(Throwable t, AtomicBoolean stop) {
        stop.set(true);
        denied = RedisErrors.isRefusal(t);
        error = t instanceof io.cachectl.output.CachectlException ? t.getMessage()
                : RedisErrors.describe(t, node.address());
    }

    private void read(BlockingQueue<Object> queue, AtomicBoolean stop) {
        long startNanos = System.nanoTime();
        byte[] cursor = startCursor;
        try {
            do {
                if (stop.get() || options.stop().getAsBoolean()) {
                    break;
                }
                Fetched f = fetchPipelined(cursor);
                calls++;
                List<KeyInfo> keys = f.keys;
                if (fetched + keys.size() >= quota) {
                    keys = keys.subList(0, (int) Math.max(0, quota - fetched));
                    cutBySample = true;
                }
                fetched += keys.size();
                queue.put(new Fetched(f.next, keys));
                cursor = f.next;
                if (cutBySample) {
                    break;
                }
                throttle(startNanos, fetched, stop);
            } while (!Arrays.equals(cursor, ZERO));
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            try {
                queue.put(t);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void throttle(long startNanos, long done, AtomicBoolean stop) throws InterruptedException {
        if (rate <= 0) {
            return;
        }
        long dueNanos = startNanos + (long) (done / rate * 1e9);
        while (!stop.get() && !options.stop().getAsBoolean()) {
            long wait = dueNanos - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            Thread.sleep(Math.min(100, Math.max(1, wait / 1_000_000)));
        }
    }

    /** A SCAN step: its keys and the cursor after it. */
    private record Batch(byte[] next, List<byte[]> names) {
    }

    /**
     * Script probing: a SCAN thread fetches key batches on {@link #jedis}; this thread cuts each into probe
     * calls of the adaptive size {@link #count} (a batch scanned before the size shrank is split) on
     * {@link #probeJedis}, keeping {@value #DEPTH} calls in flight so the server never waits for the client
     * between calls, and queues the results in order. A SCAN batch is always probed to its end, so the
     * resume cursor stays exact.
     */
    private void readScripted(BlockingQueue<Object> queue, AtomicBoolean stop) {
        BlockingQueue<Object> scanned = new ArrayBlockingQueue<>(4);
        Thread scanner = new Thread(() -> scanLoop(scanned, stop), "cachectl-scan-keys-" + node.address());
        scanner.setDaemon(true);
        scanner.start();
        ArrayDeque<Batch> inflight = new ArrayDeque<>();
        Throwable scanFailure = null;
        boolean ended = false;
        Batch scannedBatch = null; // the SCAN batch being cut into probe calls
        int offset = 0;
        try {
            while (true) {
                while (!ended && inflight.size() < DEPTH) {
                    if (scannedBatch == null) {
                        Object item = inflight.isEmpty() ? scanned.take() : scanned.poll();
                        if (item == null) {
                            break;
                        }
                        if (item == END || item instanceof Throwable) {
                            scanFailure = item == END ? null : (Throwable) item;
                            ended = true;
                            break;
                        }
                        scannedBatch = (Batch) item;
                        offset = 0;
                    }
                    // SCAN COUNT stays the adaptive size too: a larger SCAN (tried: COUNT 1000) kept the prober
                    // fed a little better but added its ~0.7 ms to a concurrent client's p99 (2.4 -> 3.5-4.8 ms)
                    int n = Math.min(count, scannedBatch.names.size() - offset);
                    List<byte[]> names = scannedBatch.names.subList(offset, offset + n);
                    offset += n;
                    boolean last = offset == scannedBatch.names.size();
                    if (!names.isEmpty()) {
                        sendProbe(names);
                    }
                    inflight.add(new Batch(last ? scannedBatch.next : null, names));
                    if (last) {
                        scannedBatch = null;
                    }
                }
                Batch b = inflight.poll();
                if (b == null) {
                    break;
                }
                List<KeyInfo> keys = b.names.isEmpty() ? List.of() : parseProbe(b.names, readProbe(b, inflight));
                if (fetched + keys.size() >= quota) {
                    keys = keys.subList(0, (int) Math.max(0, quota - fetched));
                    cutBySample = true;
                }
                fetched += keys.size();
                queue.put(new Fetched(b.next, keys));
                if (cutBySample) {
                    break;
                }
            }
            queue.put(scanFailure == null ? END : scanFailure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            try {
                queue.put(t);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            scanner.interrupt(); // unblocks its put() when we stopped early; it never interrupts a SCAN
            try {
                scanner.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            calls += scanCalls;
        }
    }

    private void scanLoop(BlockingQueue<Object> out, AtomicBoolean stop) {
        long startNanos = System.nanoTime();
        long seen = 0;
        byte[] cursor = startCursor;
        try {
            do {
                if (stop.get() || options.stop().getAsBoolean()) {
                    break;
                }
                ScanResult<byte[]> r = scan(cursor);
                scanCalls++;
                cursor = r.getCursorAsBytes();
                out.put(new Batch(cursor, r.getResult()));
                seen += r.getResult().size();
                throttle(startNanos, seen, stop);
            } while (!Arrays.equals(cursor, ZERO));
            out.put(END);
        } catch (InterruptedException e) {
            // the prober stopped early (sample reached, failure): nothing more is wanted
        } catch (Throwable t) {
            try {
                out.put(t);
            } catch (InterruptedException e) {
                // the prober stopped already
            }
        }
    }

    private ScanResult<byte[]> scan(byte[] cursor) {
        ScanParams params = new ScanParams().count(count);
        if (options.match() != null) {
            params.match(options.match().getBytes(StandardCharsets.UTF_8));
        }
        return options.type() == null ? jedis.scan(cursor, params)
                : jedis.scan(cursor, params, options.type().getBytes(StandardCharsets.UTF_8));
    }

    /** Queues one probe call (flushed by the next read). */
    private void sendProbe(List<byte[]> names) {
        byte[][] args = new byte[4 + names.size()][];
        args[0] = sha != null ? sha : Scanner.SCRIPT;
        args[1] = ZERO;
        args[2] = flags;
        args[3] = samples;
        for (int i = 0; i < names.size(); i++) {
            args[4 + i] = names.get(i);
        }
        probeJedis.getConnection().sendCommand(sha != null ? Protocol.Command.EVALSHA : Protocol.Command.EVAL, args);
        calls++;
    }

    /**
     * The reply for {@code b}. When the script cache was flushed mid-scan (NOSCRIPT), the calls in
     * flight are drained and sent again in order with the script's body.
     */
    private Object readProbe(Batch b, ArrayDeque<Batch> inflight) {
        try {
            return probeJedis.getConnection().getOne();
        } catch (JedisDataException e) {
            if (sha == null || e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
                throw e;
            }
            for (Batch other : inflight) {
                if (!other.names.isEmpty()) {
                    try {
                        probeJedis.getConnection().getOne();
                    } catch (JedisDataException ignored) {
                        // NOSCRIPT as well: sent again below
                    }
                }
            }
            sha = null;
            sendProbe(b.names);
            for (Batch other : inflight) {
                if (!other.names.isEmpty()) {
                    sendProbe(other.names);
                }
            }
            return probeJedis.getConnection().getOne();
        }
    }

    /** Reads one probe reply; the batch size adapts to keep the server's time per call near the target. */
    private List<KeyInfo> parseProbe(List<byte[]> names, Object reply) {
        List<?> list = (List<?>) reply;
        int n = names.size();
        int width = (wantType ? 1 : 0) + (wantMemory ? 1 : 0) + (wantTtl ? 1 : 0);
        if (list.size() != 1 + width * n) {
            throw new IllegalStateException("probe script answered " + list.size() + " values for " + n + " keys");
        }
        adapt((Long) list.get(0) / 1000.0); // time the server spent, not the round trip: a slow client must not shrink batches
        List<KeyInfo> keys = new ArrayList<>(n);
        int j = 1;
        for (int i = 0; i < n; i++) {
            String type = null;
            long length = -1;
            if (wantType) {
                Object kind = list.get(j++);
                if (kind instanceof Long v) {
                    type = v >= 0 ? CODES[(int) (v & 7)] : "unknown";
                    length = v >= 0 ? (v >> 3) - 1 : -1;
                } else {
                    type = type((byte[]) kind);
                }
            }
            long bytes = wantMemory ? (Long) list.get(j++) : -1;
            long pttl = wantTtl ? (Long) list.get(j++) : KeyInfo.NOT_PROBED;
            if ("none".equals(type) || wantMemory && bytes < 0 || pttl == -2) {
                vanished++;
                continue;
            }
            hits += (wantType ? 1 : 0) + (wantTtl ? 1 : 0) + (wantLength && length >= 0 ? 1 : 0);
            keys.add(new KeyInfo(names.get(i), type, bytes, pttl, length));
        }
        return keys;
    }

    private void adapt(double ms) {
        if (ms > 2 * Scanner.TARGET_CALL_MS) {
            count = Math.max(Scanner.MIN_BATCH, count / 2);
        } else if (ms > 1.3 * Scanner.TARGET_CALL_MS) {
            count = Math.max(Scanner.MIN_BATCH, count * 3 / 4);
        } else if (ms < 0.7 * Scanner.TARGET_CALL_MS && count < maxCount) {
            count = Math.min(maxCount, count * 5 / 4 + 1);
        }
    }

    /** SCAN, then one pipeline of TYPE/MEMORY/PTTL and, for lengths, one of STRLEN/HLEN/…. */
    private Fetched fetchPipelined(byte[] cursor) {
        ScanParams params = new ScanParams().count(count);
        if (options.match() != null) {
            params.match(options.match().getBytes(StandardCharsets.UTF_8));
        }
        ScanResult<byte[]> r = options.type() == null ? jedis.scan(cursor, params)
                : jedis.scan(cursor, params, options.type().getBytes(StandardCharsets.UTF_8));
        List<byte[]> names = r.getResult();
        byte[] next = r.getCursorAsBytes();
        List<KeyInfo> keys = new ArrayList<>(names.size());
        if (!wantType && !wantMemory && !wantTtl) {
            names.forEach(k -> keys.add(new KeyInfo(k, null, -1, KeyInfo.NOT_PROBED, -1)));
            return new Fetched(next, keys);
        }
        int n = names.size();
        @SuppressWarnings("unchecked")
        Response<String>[] types = new Response[n];
        @SuppressWarnings("unchecked")
        Response<Long>[] mems = new Response[n];
        @SuppressWarnings("unchecked")
        Response<Long>[] ttls = new Response[n];
        try (Pipeline p = jedis.pipelined()) {
            for (int i = 0; i < n; i++) {
                byte[] k = names.get(i);
                if (wantType) {
                    types[i] = p.type(k);
                }
                if (wantMemory) {
                    mems[i] = options.memorySamples() == null ? p.memoryUsage(k) : p.memoryUsage(k, options.memorySamples());
                }
                if (wantTtl) {
                    ttls[i] = p.pttl(k);
                }
            }
            p.sync();
        }
        String[] t = new String[n];
        long[] bytes = new long[n];
        long[] pttl = new long[n];
        boolean[] gone = new boolean[n];
        for (int i = 0; i < n; i++) {
            // every response is read: an error reply (NOPERM, CROSSSLOT…) throws here and stops the scan
            t[i] = wantType ? type(types[i].get()) : null;
            Long m = wantMemory ? mems[i].get() : Long.valueOf(-1);
            bytes[i] = m == null ? -1 : m;
            pttl[i] = wantTtl ? ttls[i].get() : KeyInfo.NOT_PROBED;
            gone[i] = "none".equals(t[i]) || wantMemory && m == null || pttl[i] == -2;
        }
        long[] length = new long[n];
        Arrays.fill(length, -1);
        boolean[] changed = new boolean[n];
        if (wantLength) {
            @SuppressWarnings("unchecked")
            Response<Long>[] lens = new Response[n];
            try (Pipeline p = jedis.pipelined()) {
                for (int i = 0; i < n; i++) {
                    if (!gone[i]) {
                        byte[] k = names.get(i);
                        lens[i] = switch (t[i]) {
                            case "string" -> p.strlen(k);
                            case "hash" -> p.hlen(k);
                            case "list" -> p.llen(k);
                            case "set" -> p.scard(k);
                            case "zset" -> p.zcard(k);
                            case "stream" -> p.xlen(k);
                            default -> null;
                        };
                    }
                }
                p.sync();
            }
            for (int i = 0; i < n; i++) {
                if (lens[i] != null) {
                    try {
                        length[i] = lens[i].get();
                    } catch (JedisDataException e) {
                        if (e.getMessage() == null || !e.getMessage().startsWith("WRONGTYPE")) {
                            throw e;
                        }
                        changed[i] = true;
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (gone[i]) {
                vanished++;
            } else if (changed[i]) {
                typeChanged++;
            } else {
                hits += (wantType ? 1 : 0) + (wantTtl ? 1 : 0) + (wantLength && length[i] >= 0 ? 1 : 0);
                keys.add(new KeyInfo(names.get(i), t[i], bytes[i], pttl[i], length[i]));
            }
        }
        return new Fetched(next, keys);
    }

    private static String type(byte[] raw) {
        return type(new String(raw, StandardCharsets.US_ASCII));
    }

    private static String type(String s) {
        for (String known : TYPES) {
            if (known.equals(s)) {
                return known;
            }
        }
        return s;
    }

    NodeScan result() {
        boolean completed = reachedEnd && !cutBySample;
        long delta = hitsBefore >= 0 && hitsAfter >= 0 ? hitsAfter - hitsBefore : -1;
        String method = !wantType && !wantMemory && !wantTtl ? "scan" : script ? "script" : "pipeline";
        return new NodeScan(node.address(), node.isPrimary() ? "primary" : "replica", dbsize, delivered, vanished,
                typeChanged, completed ? "0" : new String(deliveredCursor, StandardCharsets.US_ASCII), completed,
                method, hits, delta, calls, error);
    }

    void close() {
        for (Jedis j : new Jedis[] {jedis, probeJedis}) {
            try {
                if (j != null) {
                    j.close();
                }
            } catch (RuntimeException ignored) {
                // a broken connection must not hide the scan's result
            }
        }
    }
}
