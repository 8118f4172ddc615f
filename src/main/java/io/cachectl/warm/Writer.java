package io.cachectl.warm;

import io.cachectl.cli.Interrupts;
import io.cachectl.connect.Node;
import io.cachectl.connect.RedisErrors;
import io.cachectl.connect.Target;
import io.cachectl.output.CachectlException;
import io.cachectl.output.ExitCode;
import io.cachectl.output.Progress;
import io.cachectl.output.Units;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The write pass. The calling thread reads and parses the input and routes each record by hash
 * slot to its primary's lane; each lane has {@link #WORKERS_PER_NODE} writer threads, each with its
 * own connection, sending pipelined batches and reading every reply. Queues are bounded (constant
 * memory). Keys are unique (duplicates were rejected), so batches may complete in any order; the
 * resume line is the first line of the oldest batch not yet acknowledged.
 */
final class Writer {
    static final int WORKERS_PER_NODE = Integer.getInteger("cachectl.warm.workers", 2);
    private static final int QUEUE_DEPTH = 4;
    private static final long[] BACKOFF_MS = {100, 200, 400, 800, 1600, 3200};
    private static final int MAX_REDIRECTS = 5;
    private static final byte[] EX = "EX".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NX = "NX".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ONE = {'1'};
    private static final byte[] ZERO = {'0'};
    /** Collections: replace (or, with NX, only create) the key atomically, then expire it. */
    static final byte[] SCRIPT = ("local k = KEYS[1]\n"
            + "if ARGV[2] == '1' and redis.call('EXISTS', k) == 1 then return 0 end\n"
            + "redis.call('DEL', k)\n"
            + "local cmd = ({hash = 'HSET', set = 'SADD', list = 'RPUSH', zset = 'ZADD'})[ARGV[3]]\n"
            + "for i = 4, #ARGV, 1000 do\n"
            + "  redis.call(cmd, k, unpack(ARGV, i, math.min(i + 999, #ARGV)))\n"
            + "end\n"
            + "if ARGV[1] ~= '0' then redis.call('EXPIRE', k, ARGV[1]) end\n"
            + "return 1\n").getBytes(StandardCharsets.UTF_8);

    /** Per-node figures for the summary. */
    public record NodeResult(String node, long written, long skipped, long redirects, long retries) {
    }

    /** What the pass did. {@code failure} is null on success; {@code resumeLine} is where to continue. */
    record Outcome(long records, long written, long skippedExisting, long skippedBeforeResume, long rejected,
            List<NodeResult> nodes, String failure, int failureExit, long resumeLine, String rejectsFile) {
    }

    private static final class Batch {
        final long[] lines;
        final ProtocolCommand[] cmds;
        final byte[][][] args;
        int size;

        Batch(int capacity) {
            lines = new long[capacity];
            cmds = new ProtocolCommand[capacity];
            args = new byte[capacity][][];
        }
    }

    private static final Batch POISON = new Batch(0);

    private final class Lane {
        final Node node;
        final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUE_DEPTH);
        final AtomicLong written = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong redirects = new AtomicLong();
        final AtomicLong retries = new AtomicLong();
        Batch open;

        Lane(Node node) {
            this.node = node;
        }
    }

    /** A failure that stops the whole load. */
    private static final class Fatal extends RuntimeException {
        final int exit;

        Fatal(String message, int exit) {
            super(message, null, false, false);
            this.exit = exit;
        }
    }

    private final Target target;
    private final WarmSettings settings;
    private final InputFile input;
    private final Format format;
    private final Validator.Validation validation;
    private final List<Lane> lanes = new ArrayList<>();
    private final Map<String, Integer> laneByAddress = new HashMap<>();
    private final AtomicIntegerArray slotLane = new AtomicIntegerArray(16384);
    private final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();
    private final AtomicReference<Fatal> failure = new AtomicReference<>();
    private volatile long readerNext = 1;

    Writer(Target target, WarmSettings settings, InputFile input, Format format, Validator.Validation validation) {
        this.target = target;
        this.settings = settings;
        this.input = input;
        this.format = format;
        this.validation = validation;
        List<Node> primaries = target.primaries();
        for (int s = 0; s < 16384; s++) {
            slotLane.set(s, -1);
        }
        for (Node n : primaries) {
            laneByAddress.put(n.host() + ":" + n.port(), lanes.size());
            if (target.isCluster()) {
                for (int[] range : n.slots()) {
                    for (int s = range[0]; s <= range[1]; s++) {
                        slotLane.set(s, lanes.size());
                    }
                }
            }
            lanes.add(new Lane(n));
        }
    }

    Outcome run(Progress bar, Path rejectsPath) {
        List<Thread> workers = new ArrayList<>();
        for (Lane lane : lanes) {
            for (int i = 0; i < WORKERS_PER_NODE; i++) {
                Thread t = new Thread(() -> work(lane), "cachectl-warm-" + lane.node.address() + "-" + i);
                t.setDaemon(true);
                t.start();
                workers.add(t);
            }
        }
        long records = 0;
        long rejected = 0;
        long beforeResume = 0;
        OutputStream rejects = null;
        boolean interrupted = false;
        try (LineReader r = new LineReader(input.open(), settings.maxLineBytes())) {
            RecordParser parser = new RecordParser(settings, format, input.name());
            long lastBytes = 0;
            while (failure.get() == null) {
                if (!r.next()) {
                    readerNext = r.lineNo() + 1;
                    break;
                }
                long line = r.lineNo();
                WarmRecord rec;
                try {
                    rec = parser.parse(r);
                    if (rec != null && line <= Integer.MAX_VALUE && validation.duplicateLines().get((int) line)) {
                        throw new BadRecord("duplicate key");
                    }
                } catch (BadRecord e) {
                    records++;
                    rejected++;
                    if (settings.skipInvalid() && !r.tooLong()) {
                        if (rejects == null) {
                            rejects = openRejects(rejectsPath, parser.headerLine());
                        }
                        rejects.write(r.bytes(), 0, r.len());
                        rejects.write('\n');
                    }
                    readerNext = line + 1;
                    continue;
                }
                if (rec == null) {
                    readerNext = line + 1;
                    continue;
                }
                records++;
                if (line < settings.resumeFrom()) {
                    beforeResume++;
                    readerNext = line + 1;
                    continue;
                }
                route(rec);
                readerNext = line + 1;
                if ((line & 1023) == 0) {
                    long now = input.bytesRead();
                    bar.step(now - lastBytes);
                    lastBytes = now;
                    bar.extra(Units.count(records) + " records");
                    if (Interrupts.requested()) {
                        interrupted = true;
                        break;
                    }
                }
            }
            if (failure.get() == null && !interrupted) {
                for (Lane lane : lanes) {
                    if (lane.open != null) {
                        enqueue(lane, lane.open);
                        lane.open = null;
                    }
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (IOException e) {
            fail(new Fatal(input.name() + ": cannot read: " + e.getMessage(), ExitCode.PARTIAL));
        } catch (Fatal e) {
            fail(e);
        } finally {
            if (interrupted) {
                fail(new Fatal("interrupted", ExitCode.INTERRUPTED));
            }
            for (Lane lane : lanes) {
                for (int i = 0; i < WORKERS_PER_NODE; i++) {
                    putPoison(lane);
                }
            }
            for (Thread t : workers) {
                joinQuietly(t);
            }
            if (rejects != null) {
                try {
                    rejects.close();
                } catch (IOException e) {
                    fail(new Fatal("cannot write the rejects file " + rejectsPath + ": " + e.getMessage(),
                            ExitCode.PARTIAL));
                }
            }
        }
        long written = 0;
        long skipped = 0;
        List<NodeResult> nodes = new ArrayList<>();
        for (Lane lane : lanes) {
            written += lane.written.get();
            skipped += lane.skipped.get();
            nodes.add(new NodeResult(lane.node.address(), lane.written.get(), lane.skipped.get(),
                    lane.redirects.get(), lane.retries.get()));
        }
        Fatal f = failure.get();
        long resume = pending.isEmpty() ? readerNext : Math.min(pending.first(), readerNext);
        return new Outcome(records, written, skipped, beforeResume, rejected, nodes, f == null ? null : f.getMessage(),
                f == null ? ExitCode.OK : f.exit, resume, rejects == null ? null : rejectsPath.toString());
    }

    private OutputStream openRejects(Path path, byte[] header) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        if (header != null) {
            out.write(header);
            out.write('\n');
        }
        return out;
    }

    private void route(WarmRecord rec) throws InterruptedException {
        int index = 0;
        if (target.isCluster()) {
            int slot = JedisClusterCRC16.getSlot(rec.key());
            index = slotLane.get(slot);
            if (index < 0) {
                throw new Fatal("hash slot " + slot + " (key at line " + rec.line() + ") is not served by any primary:"
                        + " the cluster is not healthy (check CLUSTER INFO)", ExitCode.PARTIAL);
            }
        }
        Lane lane = lanes.get(index);
        if (lane.open == null) {
            lane.open = new Batch(settings.pipeline());
            pending.add(rec.line());
        }
        Batch b = lane.open;
        b.lines[b.size] = rec.line();
        if (rec.kind() == WarmRecord.Kind.STRING) {
            b.cmds[b.size] = Protocol.Command.SET;
            b.args[b.size] = setArgs(rec);
        } else {
            b.cmds[b.size] = Protocol.Command.EVAL;
            b.args[b.size] = evalArgs(rec);
        }
        b.size++;
        if (b.size == b.lines.length) {
            lane.open = null;
            enqueue(lane, b);
        }
    }

    private byte[][] setArgs(WarmRecord rec) {
        int n = 2 + (rec.ttl() > 0 ? 2 : 0) + (settings.nx() ? 1 : 0);
        byte[][] a = new byte[n][];
        a[0] = rec.key();
        a[1] = rec.value();
        int i = 2;
        if (rec.ttl() > 0) {
            a[i++] = EX;
            a[i++] = Protocol.toByteArray(rec.ttl());
        }
        if (settings.nx()) {
            a[i] = NX;
        }
        return a;
    }

    private byte[][] evalArgs(WarmRecord rec) {
        List<byte[]> parts = rec.parts();
        byte[][] a = new byte[6 + parts.size()][];
        a[0] = SCRIPT;
        a[1] = ONE;
        a[2] = rec.key();
        a[3] = rec.ttl() > 0 ? Protocol.toByteArray(rec.ttl()) : ZERO;
        a[4] = settings.nx() ? ONE : ZERO;
        a[5] = rec.kind().name().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < parts.size(); i++) {
            a[6 + i] = parts.get(i);
        }
        return a;
    }

    private void enqueue(Lane lane, Batch b) throws InterruptedException {
        while (!lane.queue.offer(b, 100, TimeUnit.MILLISECONDS)) {
            if (failure.get() != null) {
                throw failure.get();
            }
        }
    }

    private void putPoison(Lane lane) {
        // workers drain or drop their queue once a failure is set, so this never waits for long
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (lane.queue.offer(POISON, 100, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    // keep trying with the flag cleared: offer() throws at once while it is set, so
                    // re-setting it here spun forever after Ctrl-C (the CLI's 3 s deadline hid it)
                    interrupted = true;
                    fail(new Fatal("interrupted", ExitCode.INTERRUPTED));
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void joinQuietly(Thread t) {
        while (true) {
            try {
                t.join();
                return;
            } catch (InterruptedException e) {
                // workers stop on their own once the failure flag is set; keep waiting
            }
        }
    }

    private void fail(Fatal f) {
        failure.compareAndSet(null, f);
    }

    // ------------------------------------------------------------------ writer threads

    private void work(Lane lane) {
        Jedis conn = null;
        Map<String, Jedis> others = new HashMap<>();
        try {
            while (true) {
                Batch b;
                try {
                    b = lane.queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (b == POISON) {
                    return;
                }
                if (failure.get() != null) {
                    continue; // drop: not written, stays pending, so the resume line covers it
                }
                try {
                    conn = send(lane, conn, b, others);
                    pending.remove(b.lines[0]);
                } catch (Fatal f) {
                    fail(f);
                } catch (RuntimeException e) {
                    fail(new Fatal(RedisErrors.describe(e, lane.node.address()), ExitCode.PARTIAL));
                }
            }
        } finally {
            closeQuietly(conn);
            others.values().forEach(Writer::closeQuietly);
        }
    }

    /** Sends one batch and reads every reply; retries the batch on a dropped connection. */
    private Jedis send(Lane lane, Jedis conn, Batch b, Map<String, Jedis> others) {
        for (int attempt = 0; ; attempt++) {
            try {
                if (conn == null) {
                    conn = target.open(lane.node);
                }
                Connection c = conn.getConnection();
                for (int i = 0; i < b.size; i++) {
                    c.sendCommand(b.cmds[i], b.args[i]);
                }
                List<Object> replies = c.getMany(b.size);
                for (int i = 0; i < b.size; i++) {
                    Object reply = replies.get(i);
                    if (reply instanceof JedisRedirectionException re) {
                        lane.redirects.incrementAndGet();
                        reply = redirect(b, i, re, others);
                    }
                    count(lane, b, i, reply);
                }
                return conn;
            } catch (JedisConnectionException | CachectlException e) {
                if (e instanceof CachectlException ce && ce.exitCode() != ExitCode.UNAVAILABLE) {
                    throw ce;
                }
                closeQuietly(conn);
                conn = null;
                if (attempt >= BACKOFF_MS.length || failure.get() != null) {
                    throw new Fatal("lost the connection to " + lane.node.address() + " and could not reconnect ("
                            + BACKOFF_MS.length + " retries over " + total(BACKOFF_MS) / 1000.0 + " s): "
                            + RedisErrors.describe(e, lane.node.address()), ExitCode.PARTIAL);
                }
                lane.retries.incrementAndGet();
                sleep(BACKOFF_MS[attempt]);
            }
        }
    }

    private void count(Lane lane, Batch b, int i, Object reply) {
        if (reply instanceof JedisDataException e) {
            throw new Fatal(serverError(e, lane.node.address(), b.lines[i]), ExitCode.PARTIAL);
        }
        if (reply == null || reply instanceof Long l && l == 0) {
            lane.skipped.incrementAndGet();
        } else {
            lane.written.incrementAndGet();
        }
    }

    /** Follows MOVED/ASK for one record (resharding), remembering MOVED slots for later records. */
    private Object redirect(Batch b, int i, JedisRedirectionException first, Map<String, Jedis> others) {
        JedisRedirectionException e = first;
        for (int hop = 0; hop < MAX_REDIRECTS; hop++) {
            HostAndPort hp = e.getTargetNode();
            String address = hp.getHost() + ":" + hp.getPort();
            if (e instanceof JedisMovedDataException) {
                Integer lane = laneByAddress.get(address);
                if (lane != null) {
                    slotLane.set(e.getSlot(), lane);
                }
            }
            Jedis j = others.get(address);
            if (j == null) {
                j = target.open(new Node(hp.getHost(), hp.getPort(), Node.Role.PRIMARY, null, null, List.of()));
                others.put(address, j);
            }
            Connection c = j.getConnection();
            Object reply;
            if (e instanceof JedisAskDataException) {
                c.sendCommand(Protocol.Command.ASKING);
                c.sendCommand(b.cmds[i], b.args[i]);
                reply = c.getMany(2).get(1);
            } else {
                c.sendCommand(b.cmds[i], b.args[i]);
                reply = c.getMany(1).get(0);
            }
            if (!(reply instanceof JedisRedirectionException next)) {
                return reply;
            }
            e = next;
        }
        throw new Fatal("line " + b.lines[i] + ": more than " + MAX_REDIRECTS
                + " MOVED/ASK redirects in a row (is the cluster resharding in a loop?)", ExitCode.PARTIAL);
    }

    private static String serverError(JedisDataException e, String node, long line) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.startsWith("OOM")) {
            return node + " is out of memory and refuses writes (" + m + "): maxmemory is reached with the"
                    + " noeviction policy; raise maxmemory, free memory, or use allkeys-lru as the guide says";
        }
        if (m.startsWith("READONLY")) {
            return node + " is a read-only replica (" + m + "): point --url at the primary";
        }
        if (m.startsWith("NOSCRIPT") || RedisErrors.isRefusal(e)) {
            return "line " + line + ": " + RedisErrors.describe(e, node)
                    + (m.contains("EVAL") || m.contains("script") ? " (hash/set/list/zset records need EVAL)" : "");
        }
        return "line " + line + ": " + RedisErrors.describe(e, node);
    }

    private static long total(long[] ms) {
        long t = 0;
        for (long m : ms) {
            t += m;
        }
        return t;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Fatal("interrupted", ExitCode.INTERRUPTED);
        }
    }

    private static void closeQuietly(Jedis j) {
        if (j != null) {
            try {
                j.close();
            } catch (RuntimeException ignored) {
                // already broken
            }
        }
    }
}
