package io.cachectl.scan;

import io.cachectl.connect.Node;
import io.cachectl.connect.RedisErrors;
import io.cachectl.output.Progress;
import java.nio.charset.StandardCharsets;
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

    final Node node;
    private final Jedis jedis;
    private final ScanOptions options;
    private final boolean wantType;
    private final boolean wantMemory;
    private final boolean wantTtl;
    private final boolean wantLength;
    private final boolean script;
    private final byte[] flags;
    private final byte[] startCursor;

    long dbsize;
    long hitsBefore = -1;
    long quota = Long.MAX_VALUE;
    double rate;
    int maxCount;
    int count;
    final boolean skip;

    // written by the reader thread only
    private long fetched;
    private long calls;
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

    NodeRun(Node node, Jedis jedis, String cursor, ScanOptions options, Set<Probe> probes, boolean script) {
        this.node = node;
        this.jedis = jedis;
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
        this.count = script ? Math.min(options.count(), 256) : options.count();
        this.flags = ((wantType ? "t" : "") + (wantMemory ? "m" : "") + (wantTtl ? "p" : "") + (wantLength ? "l" : ""))
                .getBytes(StandardCharsets.US_ASCII);
    }

    private record Fetched(byte[] next, List<KeyInfo> keys) {
    }

    void run(BatchConsumer consumer, Progress progress, AtomicBoolean stop) {
        if (skip) {
            reachedEnd = true;
            return;
        }
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
        Thread reader = new Thread(() -> read(queue, stop), "cachectl-scan-read-" + node.address());
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
                deliveredCursor = f.next;
                reachedEnd = Arrays.equals(f.next, ZERO);
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
                Fetched f = script ? fetchScript(cursor) : fetchPipelined(cursor);
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
                throttle(startNanos, stop);
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

    private void throttle(long startNanos, AtomicBoolean stop) throws InterruptedException {
        if (rate <= 0) {
            return;
        }
        long dueNanos = startNanos + (long) (fetched / rate * 1e9);
        while (!stop.get() && !options.stop().getAsBoolean()) {
            long wait = dueNanos - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            Thread.sleep(Math.min(100, Math.max(1, wait / 1_000_000)));
        }
    }

    /** One EVAL: SCAN + probes inside the server. The batch size adapts to keep the server's time per call ~2 ms. */
    private Fetched fetchScript(byte[] cursor) {
        Object reply = jedis.sendCommand(Protocol.Command.EVAL, Scanner.SCRIPT, ZERO, cursor,
                Integer.toString(count).getBytes(StandardCharsets.US_ASCII),
                options.match() == null ? EMPTY : options.match().getBytes(StandardCharsets.UTF_8),
                options.type() == null ? EMPTY : options.type().getBytes(StandardCharsets.UTF_8),
                flags,
                options.memorySamples() == null ? EMPTY
                        : options.memorySamples().toString().getBytes(StandardCharsets.US_ASCII));
        List<?> list = (List<?>) reply;
        byte[] next = (byte[]) list.get(0);
        adapt((Long) list.get(1) / 1000.0); // time the server spent, not the round trip: a slow client must not shrink batches
        List<KeyInfo> keys = new ArrayList<>((list.size() - 2) / 5);
        for (int i = 2; i + 4 < list.size(); i += 5) {
            byte[] key = (byte[]) list.get(i);
            String type = wantType ? type((byte[]) list.get(i + 1)) : null;
            long bytes = (Long) list.get(i + 2);
            long pttl = wantTtl ? (Long) list.get(i + 3) : KeyInfo.NOT_PROBED;
            long length = (Long) list.get(i + 4);
            if ("none".equals(type) || wantMemory && bytes < 0 || pttl == -2) {
                vanished++;
                continue;
            }
            hits += (wantType ? 1 : 0) + (wantTtl ? 1 : 0) + (wantLength && length >= 0 ? 1 : 0);
            keys.add(new KeyInfo(key, type, bytes, pttl, length));
        }
        return new Fetched(next, keys);
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
        try {
            jedis.close();
        } catch (RuntimeException ignored) {
            // a broken connection must not hide the scan's result
        }
    }
}
