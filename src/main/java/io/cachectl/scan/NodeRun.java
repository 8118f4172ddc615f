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
     * Probe calls in flight per node: while the server runs one, the next is queued, so it never waits
     * for this client. Not more: a probe call is a short request (the keys stay in the server), so Redis
     * reads every queued call of this connection in one event-loop turn and runs them back to back
     * while other clients wait (4 in flight: a concurrent client's p99 5.8-6.5 ms).
     */
    static final int DEPTH = 2;

    final Node node;
    /** The node's one connection: DBSIZE/INFO before and after, and the SCANs, probe calls or pipelines. */
    private final Jedis jedis;
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
    private final byte[] match;
    private final byte[] type;
    /** How this node's cursor space is split into chains (one chain until readChains splits it). */
    private Ranges ranges;
    /** The node's keyspace layout (from its INFO), which decides what its cursors mean. */
    final KeyspaceLayout layout;
    /** Slots the node (or, for a replica, its primary) serves: where per-slot ranges are split. */
    private final List<int[]> slots;

    long dbsize;
    long hitsBefore = -1;
    /** See {@link NodeScan#shardSlot()} and {@link NodeScan#runId()}; set when the node is opened. */
    int shardSlot = -1;
    String runId;
    /** The node is a Valkey server (whose SCAN TYPE filter counts no lookups). */
    boolean valkey;
    long quota = Long.MAX_VALUE;
    double rate;
    int maxCount;
    volatile int count;
    final boolean skip;

    // written by the reader thread only (the SCAN thread's counter is read after it ended)
    private long fetched;
    private long calls;
    /** Server time the probe calls reported (their own clock), microseconds. */
    private long serverMicros;
    private long vanished;
    private long typeChanged;
    private long hits;
    private long misses;
    private boolean cutBySample;
    // written by the delivery thread only
    private long delivered;
    private String[] deliveredCursors;
    private boolean reachedEnd;
    // the reader thread's cursor per chain (one chain unless probing with the script; see readChains)
    private String[] chains;
    private volatile String error;
    volatile boolean denied;
    private long hitsAfter = -1;

    NodeRun(Node node, Jedis jedis, String cursor, KeyspaceLayout layout, List<int[]> slots, String product,
            ScanOptions options, Set<Probe> probes, boolean script) {
        this.node = node;
        this.jedis = jedis;
        this.options = options;
        this.wantType = probes.contains(Probe.TYPE) || probes.contains(Probe.LENGTH);
        this.wantMemory = probes.contains(Probe.MEMORY);
        this.wantTtl = probes.contains(Probe.TTL);
        this.wantLength = probes.contains(Probe.LENGTH);
        this.script = script;
        this.skip = Cursors.DONE.equals(cursor);
        this.layout = layout;
        this.slots = slots;
        Ranges.Resume resume = skip ? null : Ranges.parse(cursor, layout, node.address(), product);
        this.ranges = resume == null ? Ranges.single(layout) : resume.ranges();
        this.chains = resume == null ? new String[] {"0"} : resume.cursors();
        this.deliveredCursors = chains.clone();
        this.maxCount = options.count();
        this.count = script ? Math.min(options.count(), 256) : options.count(); // scripts: adapted from here
        this.flags = ((wantType ? "t" : "") + (wantMemory ? "m" : "") + (wantTtl ? "p" : "") + (wantLength ? "l" : ""))
                .getBytes(StandardCharsets.US_ASCII);
        this.samples = options.memorySamples() == null ? EMPTY
                : options.memorySamples().toString().getBytes(StandardCharsets.US_ASCII);
        this.match = options.match() == null ? EMPTY : options.match().getBytes(StandardCharsets.UTF_8);
        this.type = options.type() == null ? EMPTY : options.type().getBytes(StandardCharsets.UTF_8);
    }

    /** A batch of chain {@code chain}, and that chain's cursor after it. */
    private record Fetched(int chain, String next, List<KeyInfo> keys) {
    }

    void run(BatchConsumer consumer, Progress progress, AtomicBoolean stop) {
        if (skip) {
            reachedEnd = true;
            return;
        }
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(8); // absorbs a consumer that is briefly slow
        Thread reader = new Thread(() -> {
            if (script) {
                readChains(queue, stop);
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
                deliveredCursors[f.chain] = f.next;
                reachedEnd = true;
                for (int c = 0; c < deliveredCursors.length; c++) {
                    reachedEnd &= chainDone(c, deliveredCursors[c]);
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
        error = t instanceof io.cachectl.error.CachectlException ? t.getMessage()
                : RedisErrors.describe(t, node.address());
    }

    private void read(BlockingQueue<Object> queue, AtomicBoolean stop) {
        long startNanos = System.nanoTime();
        byte[] cursor = ascii(chains[0]);
        try {
            if (chains.length > 1) {
                throw io.cachectl.error.CachectlException.usage("--cursor " + ranges.format(chains)
                        + " comes from a scan with the server-side script; resume it with the script allowed");
            }
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
                queue.put(new Fetched(0, f.next, keys));
                cursor = ascii(f.next);
                if (cutBySample) {
                    break;
                }
                throttle(startNanos, fetched, stop);
            } while (!Arrays.equals(cursor, ZERO));
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            handOver(queue, t);
        }
    }

    /** A reader thread's failure goes to the delivery thread, which reports it. */
    private static void handOver(BlockingQueue<Object> queue, Throwable t) {
        try {
            queue.put(t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /** Below this many keys a single chain: in a tiny table the ranges would overlap. */
    static final long CHAINS_FROM_KEYS = 1024;

    /**
     * Script probing: the keyspace is split into {@link Ranges ranges} of the SCAN cursor, each
     * scanned by its own chain of probe calls (SCAN step + probes inside the server, see probe.lua); one
     * call per chain is in flight on {@link #jedis}, so the server always has the next calls queued
     * and never waits for the client. Replies come back in order and are handed on as they arrive; a
     * chain's cursor advances only with a delivered batch, so the resume cursor stays exact.
     */
    private void readChains(BlockingQueue<Object> queue, AtomicBoolean stop) {
        if (chains.length == 1 && chains[0].equals("0") && dbsize >= CHAINS_FROM_KEYS) {
            ranges = Ranges.split(layout, slots);
            chains = new String[ranges.size()];
            for (int c = 0; c < chains.length; c++) {
                chains[c] = ranges.start(c);
            }
            deliveredCursors = chains.clone();
        }
        long startNanos = System.nanoTime();
        ArrayDeque<Integer> ready = new ArrayDeque<>(); // chains with a call to send, round robin
        ArrayDeque<Integer> inflight = new ArrayDeque<>();
        try {
            for (int c = 0; c < chains.length; c++) {
                // a single chain starts at its end value "0"; a finished chain of several is "-" or its boundary
                if (chains.length == 1 || !chainDone(c, chains[c])) {
                    ready.add(c);
                }
            }
            while (true) {
                while (inflight.size() < DEPTH && !ready.isEmpty() && !stop.get() && !options.stop().getAsBoolean()) {
                    throttle(startNanos, fetched, stop);
                    int c = ready.poll();
                    sendProbe(c);
                    inflight.add(c);
                }
                if (inflight.isEmpty()) {
                    break;
                }
                int c = inflight.poll();
                List<?> reply = readProbe(c, inflight);
                String next = new String((byte[]) reply.get(1), StandardCharsets.US_ASCII);
                List<KeyInfo> keys = parseProbe(reply);
                if (fetched + keys.size() >= quota) {
                    keys = keys.subList(0, (int) Math.max(0, quota - fetched));
                    cutBySample = true;
                }
                fetched += keys.size();
                chains[c] = next;
                queue.put(new Fetched(c, next, keys));
                if (cutBySample) {
                    // the calls still in flight ran on the server: read them so that their lookups are counted
                    for (int ignored : inflight) {
                        parseProbe((List<?>) jedis.getConnection().getOne());
                    }
                    break;
                }
                if (!chainDone(c, next)) {
                    ready.add(c);
                }
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            handOver(queue, t);
        }
    }

    /** Whether chain {@code c} is finished at {@code cursor}: at its range's end, or "0" for the last one. */
    private boolean chainDone(int c, String cursor) {
        return ranges.done(c, cursor);
    }

    /** The cursor to resume from, in the node's layout (see {@link Ranges#format}). */
    private String resumeCursor() {
        return ranges.format(deliveredCursors);
    }

    /** Queues chain {@code c}'s next call (flushed by the next read). */
    private void sendProbe(int c) {
        String[] range = ranges.scriptArgs(c);
        byte[][] args = {sha != null ? sha : Scanner.SCRIPT, ZERO, flags, samples, ascii(chains[c]),
            ascii(Integer.toString(count)), match, type, ascii(range[0]), ascii(range[1]), ascii(range[2])};
        jedis.getConnection().sendCommand(sha != null ? Protocol.Command.EVALSHA : Protocol.Command.EVAL, args);
        calls++;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The reply for chain {@code c}. When the script cache was flushed mid-scan (NOSCRIPT), the calls in
     * flight are drained and sent again in order with the script's body.
     */
    private List<?> readProbe(int c, ArrayDeque<Integer> inflight) {
        try {
            return (List<?>) jedis.getConnection().getOne();
        } catch (JedisDataException e) {
            if (sha == null || e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
                throw e;
            }
            for (int ignored : inflight) {
                try {
                    jedis.getConnection().getOne();
                } catch (JedisDataException again) {
                    // NOSCRIPT as well: sent again below
                }
            }
            sha = null;
            sendProbe(c);
            inflight.forEach(this::sendProbe);
            return (List<?>) jedis.getConnection().getOne();
        }
    }

    /** Reads one probe reply; the batch size adapts to keep the server's time per call near the target. */
    private List<KeyInfo> parseProbe(List<?> list) {
        int width = 1 + (wantType ? 1 : 0) + (wantMemory ? 1 : 0) + (wantTtl ? 1 : 0);
        if ((list.size() - 2) % width != 0) {
            throw new IllegalStateException("probe script answered " + list.size() + " values, not 2 + " + width + " per key");
        }
        int n = (list.size() - 2) / width;
        long micros = (Long) list.get(0);
        serverMicros += micros;
        adapt(micros / 1000.0); // time the server spent, not the round trip: a slow client must not shrink batches
        List<KeyInfo> keys = new ArrayList<>(n);
        int j = 2;
        for (int i = 0; i < n; i++) {
            byte[] name = (byte[]) list.get(j++);
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
                misses += wantType || wantTtl ? 1 : 0; // TYPE's miss ends the key; else PTTL's -2 (MEMORY counts none)
                continue;
            }
            hits += (wantType ? 1 : 0) + (wantTtl ? 1 : 0) + (wantLength && length >= 0 ? 1 : 0);
            keys.add(new KeyInfo(name, type, bytes, pttl, length));
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
            return new Fetched(0, new String(next, StandardCharsets.US_ASCII), keys);
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
            // every TYPE and PTTL sent was a lookup: a hit, or a miss for a key that was gone by then
            hits += (wantType && !"none".equals(t[i]) ? 1 : 0) + (wantTtl && pttl[i] != -2 ? 1 : 0)
                    + (wantLength && (length[i] >= 0 || changed[i]) ? 1 : 0);
            misses += (wantType && "none".equals(t[i]) ? 1 : 0) + (wantTtl && pttl[i] == -2 ? 1 : 0);
            if (gone[i]) {
                vanished++;
            } else if (changed[i]) {
                typeChanged++;
            } else {
                keys.add(new KeyInfo(names.get(i), t[i], bytes[i], pttl[i], length[i]));
            }
        }
        return new Fetched(0, new String(next, StandardCharsets.US_ASCII), keys);
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
                typeChanged, completed ? "0" : resumeCursor(), completed,
                method, hits, misses, delta, calls, error, layout.label(), ranges.size(),
                Math.round(serverMicros / 100.0) / 10.0, shardSlot, runId);
    }

    void close() {
        try {
            jedis.close();
        } catch (RuntimeException ignored) {
            // a broken connection must not hide the scan's result
        }
    }
}
