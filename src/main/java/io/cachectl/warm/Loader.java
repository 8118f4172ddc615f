package io.cachectl.warm;

import io.cachectl.cli.Interrupts;
import io.cachectl.connect.Node;
import io.cachectl.connect.RawConnection;
import io.cachectl.connect.RedisErrors;
import io.cachectl.connect.Target;
import io.cachectl.connect.resp.RespEncoder;
import io.cachectl.connect.resp.RespReader;
import io.cachectl.error.CachectlException;
import io.cachectl.error.ExitCode;
import io.cachectl.output.Progress;
import io.cachectl.output.Units;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The write pass, streamed like {@code redis-cli --pipe}. The calling thread reads and parses the
 * input, encodes each record as RESP straight into a {@link Chunk} of its primary's lane (routed by
 * hash slot), and hands full chunks over. Each lane has one connection and two threads: a sender
 * that writes chunks to the socket back to back, and a receiver that reads every reply as it
 * arrives, so writing never waits for reading and the server always has commands to run. Memory
 * is bounded: each lane recycles a fixed number of chunks (queued + in flight). Keys are unique
 * (duplicates were rejected), and a connection carries commands in order; after a dropped
 * connection the lane reconnects with backoff and resends exactly the commands whose replies were
 * not read. The resume line is the first line of the oldest chunk not fully acknowledged.
 */
final class Loader {
    /** Chunks waiting for a lane's sender. */
    private static final int QUEUE_DEPTH = 4;
    /** Chunks written to a lane's connection whose replies are not all read yet. */
    private static final int WINDOW = 8;
    private static final int CHUNKS_PER_LANE = QUEUE_DEPTH + WINDOW + 2;
    private static final long[] BACKOFF_MS = {100, 200, 400, 800, 1600, 3200};
    private static final int MAX_REDIRECTS = 5;
    /** After a failure, how long the summary waits for the lane threads to stop. */
    private static final long JOIN_AFTER_FAILURE_MS = 1000;
    private static final byte[] SET = RespEncoder.prefix(3, "SET");
    private static final byte[] SET_EX = RespEncoder.prefix(5, "SET");
    private static final byte[] SET_NX = RespEncoder.prefix(4, "SET");
    private static final byte[] SET_EX_NX = RespEncoder.prefix(6, "SET");
    private static final byte[] EX = "EX".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NX = "NX".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ASKING = RespEncoder.command("ASKING");
    private static final byte[] ONE = {'1'};
    private static final byte[] ZERO = {'0'};
    private static final byte[] EVAL = "EVAL".getBytes(StandardCharsets.US_ASCII);
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

    private static final Chunk POISON = new Chunk();

    /** One primary: its chunks, its connection, and the two threads that drive it. */
    private static final class Lane {
        final Node node;
        final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE_DEPTH + 1);
        final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS_PER_LANE);
        int allocated; // by the reading thread only
        Chunk open;    // by the reading thread only
        // guarded by this:
        final ArrayDeque<Chunk> inflight = new ArrayDeque<>();
        RawConnection conn;
        RespReader replies;
        int generation;
        boolean finished; // the sender has sent everything it will send
        boolean recovering; // one lane thread is replacing the connection (outside the lock)
        RawConnection connecting; // the connection being set up by recover(), closed by disconnect()
        int streak;       // reconnects since a reply was last read
        long lostAt;      // System.nanoTime() when the streak of reconnects began
        long written;
        long skipped;
        long redirects;
        long retries;

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

    Loader(Target target, WarmSettings settings, InputFile input, Format format, Validator.Validation validation) {
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
        List<Thread> threads = new ArrayList<>();
        for (Lane lane : lanes) {
            threads.add(start(() -> sender(lane), "cachectl-warm-send-" + lane.node.address()));
            threads.add(start(() -> receiver(lane), "cachectl-warm-recv-" + lane.node.address()));
        }
        long records = 0;
        long rejected = 0;
        long beforeResume = 0;
        OutputStream rejects = null;
        boolean interrupted = false;
        boolean standalone = !target.isCluster();
        try (LineReader r = new LineReader(input.open(), settings.maxLineBytes())) {
            RecordParser parser = new RecordParser(settings, format, input.name());
            BitSet duplicates = validation.duplicateLines();
            boolean anyDuplicates = !duplicates.isEmpty();
            long lastBytes = 0;
            while (failure.get() == null) {
                if (!parser.advance(r)) {
                    readerNext = r.lineNo() + 1;
                    break;
                }
                long line = r.lineNo();
                try {
                    if (parser.simple(r)) {
                        if (anyDuplicates && line <= Integer.MAX_VALUE && duplicates.get((int) line)) {
                            throw new BadRecord("duplicate key");
                        }
                        records++;
                        if (line < settings.resumeFrom()) {
                            beforeResume++;
                        } else {
                            byte[] b = parser.simpleLine();
                            Lane lane = standalone ? lanes.get(0) : laneFor(slot(b, parser.keyStart(), parser.keyEnd()), line);
                            Chunk c = openChunk(lane, line);
                            encodeSet(c, b, parser.keyStart(), parser.keyEnd(), b, parser.valueStart(),
                                    parser.valueEnd(), parser.ttl());
                            closeIfFull(lane, c);
                        }
                    } else {
                        WarmRecord rec = parser.parse(r);
                        if (rec != null && line <= Integer.MAX_VALUE && duplicates.get((int) line)) {
                            throw new BadRecord("duplicate key");
                        }
                        if (rec != null) {
                            records++;
                            if (line < settings.resumeFrom()) {
                                beforeResume++;
                            } else {
                                Lane lane = standalone ? lanes.get(0) : laneFor(JedisClusterCRC16.getSlot(rec.key()), line);
                                Chunk c = openChunk(lane, line);
                                encode(c, rec);
                                closeIfFull(lane, c);
                            }
                        }
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
                }
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
            if (Validator.interruptedRead(e)) {
                interrupted = true;
            } else {
                fail(new Fatal(input.name() + ": cannot read: " + e.getMessage(), ExitCode.PARTIAL));
            }
        } catch (Fatal e) {
            fail(e);
        } finally {
            if (interrupted) {
                fail(new Fatal("interrupted", ExitCode.INTERRUPTED));
            }
            for (Lane lane : lanes) {
                putPoison(lane);
            }
            if (failure.get() != null) {
                for (Lane lane : lanes) {
                    disconnect(lane); // unblocks a receiver waiting for replies that no longer matter
                }
            }
            long deadline = System.nanoTime() + JOIN_AFTER_FAILURE_MS * 1_000_000;
            for (Thread t : threads) {
                joinQuietly(t, failure.get() == null ? 0 : deadline);
            }
            for (Lane lane : lanes) {
                disconnect(lane);
                synchronized (lane) {
                    lane.generation = Integer.MIN_VALUE; // a straggling lane thread commits nothing more
                }
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
            synchronized (lane) {
                written += lane.written;
                skipped += lane.skipped;
                nodes.add(new NodeResult(lane.node.address(), lane.written, lane.skipped, lane.redirects, lane.retries));
            }
        }
        Fatal f = failure.get();
        long resume = pending.isEmpty() ? readerNext : Math.min(pending.first(), readerNext);
        return new Outcome(records, written, skipped, beforeResume, rejected, nodes, f == null ? null : f.getMessage(),
                f == null ? ExitCode.OK : f.exit, resume, rejects == null ? null : rejectsPath.toString());
    }

    private static Thread start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private OutputStream openRejects(Path path, byte[] header) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        if (header != null) {
            out.write(header);
            out.write('\n');
        }
        return out;
    }

    // ------------------------------------------------------------------ encoding (reading thread)

    private Lane laneFor(int slot, long line) {
        int index = slotLane.get(slot);
        if (index < 0) {
            throw new Fatal("hash slot " + slot + " (key at line " + line + ") is not served by any primary:"
                    + " the cluster is not healthy (check CLUSTER INFO)", ExitCode.PARTIAL);
        }
        return lanes.get(index);
    }

    /** The hash slot of the key {@code b[from, to)}, hash tags included. */
    static int slot(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '{') {
                for (int j = i + 1; j < to; j++) {
                    if (b[j] == '}') {
                        if (j > i + 1) {
                            return JedisClusterCRC16.getCRC16(b, i + 1, j) & 16383;
                        }
                        break;
                    }
                }
                break;
            }
        }
        return JedisClusterCRC16.getCRC16(b, from, to) & 16383;
    }

    /** The lane's open chunk with command {@code count} begun for {@code line}. */
    private Chunk openChunk(Lane lane, long line) throws InterruptedException {
        Chunk c = lane.open;
        if (c == null) {
            c = lane.free.poll();
            if (c == null) {
                if (lane.allocated < CHUNKS_PER_LANE) {
                    lane.allocated++;
                    c = new Chunk();
                } else {
                    while ((c = lane.free.poll(100, TimeUnit.MILLISECONDS)) == null) {
                        if (failure.get() != null) {
                            throw failure.get();
                        }
                    }
                }
            }
            c.reset();
            lane.open = c;
            pending.add(line);
        }
        c.begin(line);
        return c;
    }

    private void closeIfFull(Lane lane, Chunk c) throws InterruptedException {
        if (c.full(settings.pipeline())) {
            lane.open = null;
            enqueue(lane, c);
        }
    }

    private void encodeSet(Chunk c, byte[] k, int ks, int ke, byte[] v, int vs, int ve, long ttl) {
        boolean nx = settings.nx();
        c.raw(ttl > 0 ? (nx ? SET_EX_NX : SET_EX) : (nx ? SET_NX : SET));
        c.bulk(k, ks, ke);
        c.bulk(v, vs, ve);
        if (ttl > 0) {
            c.bulk(EX);
            c.bulk(ttl);
        }
        if (nx) {
            c.bulk(NX);
        }
    }

    private void encode(Chunk c, WarmRecord rec) {
        if (rec.kind() == WarmRecord.Kind.STRING) {
            encodeSet(c, rec.key(), 0, rec.key().length, rec.value(), 0, rec.value().length, rec.ttl());
            return;
        }
        List<byte[]> parts = rec.parts();
        c.array(7 + parts.size());
        c.bulk(EVAL);
        c.bulk(SCRIPT);
        c.bulk(ONE);
        c.bulk(rec.key());
        if (rec.ttl() > 0) {
            c.bulk(rec.ttl());
        } else {
            c.bulk(ZERO);
        }
        c.bulk(settings.nx() ? ONE : ZERO);
        c.bulk(rec.kind().name().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        for (byte[] p : parts) {
            c.bulk(p);
        }
    }

    private void enqueue(Lane lane, Chunk c) throws InterruptedException {
        while (!lane.queue.offer(c, 100, TimeUnit.MILLISECONDS)) {
            if (failure.get() != null) {
                throw failure.get();
            }
        }
    }

    private void putPoison(Lane lane) {
        // senders drain or drop their queue once a failure is set, so this never waits for long
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (lane.queue.offer(POISON, 100, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    synchronized (lane) {
                        if (lane.finished) { // the sender ended (e.g. it never connected): nobody drains
                            lane.queue.clear();
                            return;
                        }
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

    /**
     * Waits for a lane thread; with a {@code deadline} (after a failure), no longer than that: a lane
     * thread can sit in a connect or handshake against a frozen server for its whole timeout, and the
     * summary with its resume line must come first (Ctrl-C halts the JVM after 3 s).
     */
    private static void joinQuietly(Thread t, long deadline) {
        while (true) {
            try {
                if (deadline == 0) {
                    t.join();
                } else {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left > 0) {
                        t.join(left);
                    }
                }
                return;
            } catch (InterruptedException e) {
                // lane threads stop on their own once the failure flag is set; keep waiting
            }
        }
    }

    private void fail(Fatal f) {
        failure.compareAndSet(null, f);
    }

    /** How a lane thread (sender or reply reader) records what ended it. */
    private void laneFailed(Lane lane, Exception e) {
        fail(e instanceof InterruptedException ? new Fatal("interrupted", ExitCode.INTERRUPTED)
                : e instanceof Fatal f ? f : new Fatal(RedisErrors.describe(e, lane.node.address()), ExitCode.PARTIAL));
    }

    // ------------------------------------------------------------------ lane threads

    /** Writes the lane's chunks back to back; after the last one, waits until every reply is read. */
    private void sender(Lane lane) {
        try {
            connect(lane);
            while (true) {
                Chunk c = lane.queue.poll(100, TimeUnit.MILLISECONDS);
                if (c == POISON) {
                    break;
                }
                if (c == null || failure.get() != null) {
                    continue; // a dropped chunk is never acknowledged, so the resume line covers it
                }
                RawConnection conn;
                int generation;
                synchronized (lane) {
                    while ((lane.inflight.size() >= WINDOW || lane.recovering || lane.conn == null)
                            && failure.get() == null) {
                        lane.wait(100);
                    }
                    if (failure.get() != null) {
                        continue;
                    }
                    lane.inflight.addLast(c);
                    conn = lane.conn;
                    generation = lane.generation;
                    lane.notifyAll();
                }
                try {
                    conn.out().write(c.bytes(), 0, c.length());
                } catch (IOException e) {
                    recover(lane, generation, e); // resends every chunk in flight, this one included
                }
            }
            synchronized (lane) {
                while (!lane.inflight.isEmpty() && failure.get() == null) {
                    lane.wait(100);
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            laneFailed(lane, e);
        } finally {
            synchronized (lane) {
                lane.finished = true;
                lane.notifyAll();
            }
        }
    }

    /** Reads every reply in order, counts it, and recycles chunks whose replies are all read. */
    private void receiver(Lane lane) {
        Map<String, RawConnection> others = new HashMap<>();
        try {
            while (true) {
                Chunk c;
                RespReader replies;
                int generation;
                synchronized (lane) {
                    while ((lane.inflight.isEmpty() && !lane.finished || lane.recovering) && failure.get() == null) {
                        lane.wait(100);
                    }
                    if (failure.get() != null || lane.inflight.isEmpty()) {
                        return;
                    }
                    c = lane.inflight.peekFirst();
                    replies = lane.replies;
                    generation = lane.generation;
                }
                try {
                    if (read(lane, c, replies, generation, others)) {
                        synchronized (lane) {
                            lane.inflight.pollFirst();
                            lane.notifyAll();
                        }
                        pending.remove(c.firstLine());
                        lane.free.offer(c);
                    }
                } catch (IOException e) {
                    recover(lane, generation, e);
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            laneFailed(lane, e);
        } finally {
            others.values().forEach(RawConnection::close);
        }
    }

    /**
     * Reads the replies of chunk {@code c} from {@code c.acked} on. Counts are committed under the
     * lane's lock and only while the connection is still {@code generation}: after a reconnect the
     * commands not committed were sent again, and their replies come on the new connection.
     * True when every reply of the chunk was read.
     */
    private boolean read(Lane lane, Chunk c, RespReader replies, int generation, Map<String, RawConnection> others)
            throws IOException {
        int oks = 0;
        while (true) {
            int i;
            synchronized (lane) {
                if (lane.generation != generation) {
                    return false;
                }
                c.acked += oks;
                lane.written += oks;
                if (oks > 0) {
                    lane.streak = 0;
                }
                oks = 0;
                i = c.acked;
            }
            if (i >= c.count) {
                return true;
            }
            // the common case: a run of +OK replies, committed together
            int limit = Math.min(c.count, i + 256);
            int kind = RespReader.STATUS;
            while (i + oks < limit && (kind = replies.read()) == RespReader.STATUS) {
                oks++;
            }
            if (kind == RespReader.STATUS) {
                continue;
            }
            // one other reply, for command i + oks
            int at = i + oks;
            boolean wrote;
            boolean redirected = false;
            if (kind == RespReader.ERROR && isRedirect(replies.error())) {
                redirected = true;
                wrote = redirect(lane, c, at, replies.error(), others);
            } else if (kind == RespReader.ERROR) {
                String error = replies.error();
                synchronized (lane) {
                    if (lane.generation != generation) {
                        return false;
                    }
                    c.acked += oks;
                    lane.written += oks;
                }
                throw new Fatal(serverError(new JedisDataException(error), lane.node.address(), c.lines[at]),
                        ExitCode.PARTIAL);
            } else {
                wrote = !(kind == RespReader.NIL || kind == RespReader.INTEGER && replies.integer() == 0);
            }
            synchronized (lane) {
                if (lane.generation != generation) {
                    return false;
                }
                c.acked += oks + 1;
                lane.written += oks + (wrote ? 1 : 0);
                lane.skipped += wrote ? 0 : 1;
                lane.redirects += redirected ? 1 : 0;
                lane.streak = 0;
                oks = 0;
            }
        }
    }

    private static boolean isRedirect(String error) {
        return error.startsWith("MOVED ") || error.startsWith("ASK ");
    }

    /** Follows MOVED/ASK for command {@code i} (resharding), remembering MOVED slots for later records. */
    private boolean redirect(Lane lane, Chunk c, int i, String error, Map<String, RawConnection> others)
            throws IOException {
        String e = error;
        for (int hop = 0; hop < MAX_REDIRECTS; hop++) {
            String[] parts = e.split(" ");
            int slot = Integer.parseInt(parts[1]);
            String address = parts[2];
            int colon = address.lastIndexOf(':');
            String host = address.substring(0, colon);
            int port = Integer.parseInt(address.substring(colon + 1));
            boolean ask = e.startsWith("ASK ");
            if (!ask) {
                Integer to = laneByAddress.get(host + ":" + port);
                if (to != null) {
                    slotLane.set(slot, to);
                }
            }
            RawConnection conn = others.get(address);
            if (conn == null) {
                conn = target.openRaw(new Node(host, port, Node.Role.PRIMARY, null, null, List.of()));
                others.put(address, conn);
            }
            RespReader r = new RespReader(conn.in());
            byte[] command = java.util.Arrays.copyOfRange(c.bytes(), c.start(i), c.start(i + 1));
            if (ask) {
                byte[] both = new byte[ASKING.length + command.length];
                System.arraycopy(ASKING, 0, both, 0, ASKING.length);
                System.arraycopy(command, 0, both, ASKING.length, command.length);
                conn.out().write(both);
                r.read(); // +OK for ASKING
            } else {
                conn.out().write(command);
            }
            int kind = r.read();
            if (kind == RespReader.ERROR && isRedirect(r.error())) {
                e = r.error();
                continue;
            }
            if (kind == RespReader.ERROR) {
                throw new Fatal(serverError(new JedisDataException(r.error()), address, c.lines[i]), ExitCode.PARTIAL);
            }
            return !(kind == RespReader.NIL || kind == RespReader.INTEGER && r.integer() == 0);
        }
        throw new Fatal("line " + c.lines[i] + ": more than " + MAX_REDIRECTS
                + " MOVED/ASK redirects in a row (is the cluster resharding in a loop?)", ExitCode.PARTIAL);
    }

    /** The lane's first connection, retried with backoff like a dropped one. */
    private void connect(Lane lane) {
        synchronized (lane) {
            lane.generation = -1;
        }
        recover(lane, -1, null);
    }

    /**
     * Replaces connection {@code failed} (unless the other lane thread did already): reconnects with
     * backoff and resends every command in flight whose reply was not read, in order. The lane's
     * lock is not held while sleeping, connecting or resending (a frozen server makes each of them
     * slow): {@code recovering} keeps the other lane thread away meanwhile, and the main thread can
     * always take the lock to close the connections and end the load.
     */
    private void recover(Lane lane, int failed, Exception cause) {
        synchronized (lane) {
            if (lane.generation != failed) {
                return;
            }
            if (lane.recovering) { // the other lane thread is on it: wait for its outcome
                while (lane.recovering && failure.get() == null) {
                    waitOn(lane);
                }
                return;
            }
            lane.recovering = true;
            if (lane.conn != null) {
                lane.conn.close();
                lane.conn = null;
            }
        }
        try {
            while (true) {
                if (failure.get() != null) {
                    throw failure.get();
                }
                if (cause != null) { // not the first connection: back off; give up after the last step
                    int streak;
                    synchronized (lane) {
                        streak = lane.streak;
                        if (streak == 0) {
                            lane.lostAt = System.nanoTime();
                        }
                    }
                    if (streak >= BACKOFF_MS.length) {
                        long ms = (System.nanoTime() - lane.lostAt) / 1_000_000;
                        throw new Fatal((failed < 0 ? "could not connect to " + lane.node.address() + " ("
                                : "lost the connection to " + lane.node.address() + " and could not reconnect (")
                                + BACKOFF_MS.length + " retries over " + Units.decimal(ms / 1000.0, 1) + " s): "
                                + RedisErrors.describe(wrap(cause), lane.node.address()), ExitCode.PARTIAL);
                    }
                    synchronized (lane) {
                        lane.retries++;
                        lane.streak++;
                    }
                    pause(BACKOFF_MS[streak]);
                }
                RawConnection conn = null;
                try {
                    conn = target.openRaw(lane.node);
                    List<Chunk> resend;
                    synchronized (lane) {
                        if (failure.get() != null) {
                            throw failure.get();
                        }
                        lane.connecting = conn;
                        resend = new ArrayList<>(lane.inflight); // stable: both lane threads wait while recovering
                    }
                    java.io.OutputStream out = conn.out();
                    for (Chunk c : resend) {
                        int from = c.start(c.acked);
                        if (from < c.length()) {
                            out.write(c.bytes(), from, c.length() - from);
                        }
                    }
                    synchronized (lane) {
                        lane.connecting = null;
                        if (failure.get() != null) {
                            throw failure.get();
                        }
                        lane.conn = conn;
                        lane.replies = new RespReader(conn.in());
                        lane.generation = failed + 1;
                        return;
                    }
                } catch (IOException | JedisConnectionException e) {
                    cause = e;
                } catch (CachectlException e) {
                    if (e.exitCode() != ExitCode.UNAVAILABLE) {
                        throw e;
                    }
                    cause = e;
                } catch (RuntimeException e) {
                    if (conn != null) {
                        conn.close();
                    }
                    throw e;
                }
                synchronized (lane) {
                    lane.connecting = null;
                }
                if (conn != null) {
                    conn.close();
                }
            }
        } finally {
            synchronized (lane) {
                lane.recovering = false;
                lane.notifyAll();
            }
        }
    }

    private static void waitOn(Object lock) {
        try {
            lock.wait(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Fatal("interrupted", ExitCode.INTERRUPTED);
        }
    }

    /** Sleeps {@code ms}, waking early (and throwing) when the load has failed or was interrupted. */
    private void pause(long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        while (true) {
            if (failure.get() != null) {
                throw failure.get();
            }
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            sleep(Math.min(left, 20));
        }
    }

    private static RuntimeException wrap(Exception e) {
        return e instanceof RuntimeException re ? re : new JedisConnectionException(e);
    }

    private static void disconnect(Lane lane) {
        RawConnection c;
        RawConnection pending;
        synchronized (lane) {
            c = lane.conn;
            pending = lane.connecting;
        }
        if (c != null) {
            c.close();
        }
        if (pending != null) {
            pending.close();
        }
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

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Fatal("interrupted", ExitCode.INTERRUPTED);
        }
    }
}
