package io.cachectl.warm;

import io.cachectl.connect.Node;
import io.cachectl.connect.RawConnection;
import io.cachectl.connect.Target;
import io.cachectl.connect.resp.RespReader;
import io.cachectl.error.CachectlException;
import io.cachectl.error.ExitCode;
import io.cachectl.warm.LoadErrors.Fatal;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * One primary's lane: its chunks, its connection, and the two threads that drive it — a sender
 * that writes chunks to the socket back to back, and a receiver that reads every reply as it
 * arrives, so writing never waits for reading. Memory is bounded: the lane recycles a fixed number
 * of chunks (queued + in flight). After a dropped connection the lane reconnects with backoff and
 * resends exactly the commands whose replies were not read (a connection carries commands in order).
 * The reading thread fills chunks ({@link #openChunk}, {@link #enqueue}); the first failure of any
 * lane, or of the reading thread, is set in the shared {@code failure} and stops every lane.
 */
final class Lane {
    /** Chunks waiting for the sender. */
    private static final int QUEUE_DEPTH = 4;
    /** Chunks written to the connection whose replies are not all read yet. */
    private static final int WINDOW = 8;
    private static final int CHUNKS = QUEUE_DEPTH + WINDOW + 2;
    private static final long[] BACKOFF_MS = {100, 200, 400, 800, 1600, 3200};
    private static final Chunk POISON = new Chunk();

    final Node node;
    private final Target target;
    private final Redirects redirects;
    private final AtomicReference<Fatal> failure;
    /** First lines of the chunks not fully acknowledged, of every lane: the resume line is the least. */
    private final Set<Long> pending;
    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE_DEPTH + 1);
    private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
    private int allocated; // by the reading thread only
    Chunk open;            // by the reading thread only
    // guarded by this:
    private final ArrayDeque<Chunk> inflight = new ArrayDeque<>();
    private RawConnection conn;
    private RespReader replies;
    private int generation;
    private boolean finished;   // the sender has sent everything it will send
    private boolean recovering; // one lane thread is replacing the connection (outside the lock)
    private RawConnection connecting; // the connection being set up by recover(), closed by disconnect()
    private int streak;         // reconnects since a reply was last read
    private long lostAt;        // System.nanoTime() when the streak of reconnects began
    private long written;
    private long skipped;
    private long redirected;
    private long retries;

    Lane(Node node, Target target, Redirects redirects, AtomicReference<Fatal> failure, Set<Long> pending) {
        this.node = node;
        this.target = target;
        this.redirects = redirects;
        this.failure = failure;
        this.pending = pending;
    }

    /** Starts the sender and the receiver. */
    List<Thread> start() {
        return List.of(thread(this::sender, "cachectl-warm-send-" + node.address()),
                thread(this::receiver, "cachectl-warm-recv-" + node.address()));
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    synchronized Loader.NodeResult result() {
        return new Loader.NodeResult(node.address(), written, skipped, redirected, retries);
    }

    private void fail(Fatal f) {
        failure.compareAndSet(null, f);
    }

    // ------------------------------------------------------------------ the reading thread's side

    /** The open chunk with a command begun for {@code line}. */
    Chunk openChunk(long line) throws InterruptedException {
        Chunk c = open;
        if (c == null) {
            c = free.poll();
            if (c == null) {
                if (allocated < CHUNKS) {
                    allocated++;
                    c = new Chunk();
                } else {
                    while ((c = free.poll(100, TimeUnit.MILLISECONDS)) == null) {
                        if (failure.get() != null) {
                            throw failure.get();
                        }
                    }
                }
            }
            c.reset();
            open = c;
            pending.add(line);
        }
        c.begin(line);
        return c;
    }

    void enqueue(Chunk c) throws InterruptedException {
        while (!queue.offer(c, 100, TimeUnit.MILLISECONDS)) {
            if (failure.get() != null) {
                throw failure.get();
            }
        }
    }

    /** Tells the sender that nothing more comes. */
    void finish() {
        // senders drain or drop their queue once a failure is set, so this never waits for long
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (queue.offer(POISON, 100, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    synchronized (this) {
                        if (finished) { // the sender ended (e.g. it never connected): nobody drains
                            queue.clear();
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    // keep trying with the flag cleared: offer() throws at once while it is set, so
                    // re-setting it here spun forever after Ctrl-C (the CLI's 3 s deadline hid it)
                    interrupted = true;
                    fail(LoadErrors.interrupted());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Closes the connections, which unblocks a lane thread reading or writing them. */
    void disconnect() {
        RawConnection c;
        RawConnection setup;
        synchronized (this) {
            c = conn;
            setup = connecting;
        }
        if (c != null) {
            c.close();
        }
        if (setup != null) {
            setup.close();
        }
    }

    /** After the load: a straggling lane thread commits nothing more. */
    void seal() {
        disconnect();
        synchronized (this) {
            generation = Integer.MIN_VALUE;
        }
    }

    // ------------------------------------------------------------------ lane threads

    /** Writes the lane's chunks back to back; after the last one, waits until every reply is read. */
    private void sender() {
        try {
            connect();
            while (true) {
                Chunk c = queue.poll(100, TimeUnit.MILLISECONDS);
                if (c == POISON) {
                    break;
                }
                if (c == null || failure.get() != null) {
                    continue; // a dropped chunk is never acknowledged, so the resume line covers it
                }
                RawConnection to;
                int gen;
                synchronized (this) {
                    while ((inflight.size() >= WINDOW || recovering || conn == null) && failure.get() == null) {
                        wait(100);
                    }
                    if (failure.get() != null) {
                        continue;
                    }
                    inflight.addLast(c);
                    to = conn;
                    gen = generation;
                    notifyAll();
                }
                try {
                    to.out().write(c.bytes(), 0, c.length());
                } catch (IOException e) {
                    recover(gen, e); // resends every chunk in flight, this one included
                }
            }
            synchronized (this) {
                while (!inflight.isEmpty() && failure.get() == null) {
                    wait(100);
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            fail(LoadErrors.laneFailed(node.address(), e));
        } finally {
            synchronized (this) {
                finished = true;
                notifyAll();
            }
        }
    }

    /** Reads every reply in order, counts it, and recycles chunks whose replies are all read. */
    private void receiver() {
        Map<String, RawConnection> others = new HashMap<>();
        try {
            while (true) {
                Chunk c;
                RespReader from;
                int gen;
                synchronized (this) {
                    while ((inflight.isEmpty() && !finished || recovering) && failure.get() == null) {
                        wait(100);
                    }
                    if (failure.get() != null || inflight.isEmpty()) {
                        return;
                    }
                    c = inflight.peekFirst();
                    from = replies;
                    gen = generation;
                }
                try {
                    if (read(c, from, gen, others)) {
                        synchronized (this) {
                            inflight.pollFirst();
                            notifyAll();
                        }
                        pending.remove(c.firstLine());
                        free.offer(c);
                    }
                } catch (IOException e) {
                    recover(gen, e);
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            fail(LoadErrors.laneFailed(node.address(), e));
        } finally {
            others.values().forEach(RawConnection::close);
        }
    }

    /**
     * Reads the replies of chunk {@code c} from {@code c.acked} on. Counts are committed under the
     * lane's lock and only while the connection is still {@code gen}: after a reconnect the commands
     * not committed were sent again, and their replies come on the new connection. True when every
     * reply of the chunk was read.
     */
    private boolean read(Chunk c, RespReader from, int gen, Map<String, RawConnection> others) throws IOException {
        int oks = 0;
        while (true) {
            int i;
            synchronized (this) {
                if (generation != gen) {
                    return false;
                }
                c.acked += oks;
                written += oks;
                if (oks > 0) {
                    streak = 0;
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
            while (i + oks < limit && (kind = from.read()) == RespReader.STATUS) {
                oks++;
            }
            if (kind == RespReader.STATUS) {
                continue;
            }
            // one other reply, for command i + oks
            int at = i + oks;
            boolean wrote;
            boolean moved = false;
            if (kind == RespReader.ERROR && Redirects.isRedirect(from.error())) {
                moved = true;
                wrote = redirects.follow(c, at, from.error(), others);
            } else if (kind == RespReader.ERROR) {
                String error = from.error();
                synchronized (this) {
                    if (generation != gen) {
                        return false;
                    }
                    c.acked += oks;
                    written += oks;
                }
                throw LoadErrors.serverError(error, node.address(), c.lines[at]);
            } else {
                wrote = !(kind == RespReader.NIL || kind == RespReader.INTEGER && from.integer() == 0);
            }
            synchronized (this) {
                if (generation != gen) {
                    return false;
                }
                c.acked += oks + 1;
                written += oks + (wrote ? 1 : 0);
                skipped += wrote ? 0 : 1;
                redirected += moved ? 1 : 0;
                streak = 0;
                oks = 0;
            }
        }
    }

    /** The lane's first connection, retried with backoff like a dropped one. */
    private void connect() {
        synchronized (this) {
            generation = -1;
        }
        recover(-1, null);
    }

    /**
     * Replaces connection {@code failed} (unless the other lane thread did already): reconnects with
     * backoff and resends every command in flight whose reply was not read, in order. The lane's
     * lock is not held while sleeping, connecting or resending (a frozen server makes each of them
     * slow): {@code recovering} keeps the other lane thread away meanwhile, and the main thread can
     * always take the lock to close the connections and end the load.
     */
    private void recover(int failed, Exception cause) {
        synchronized (this) {
            if (generation != failed) {
                return;
            }
            if (recovering) { // the other lane thread is on it: wait for its outcome
                while (recovering && failure.get() == null) {
                    waitHere();
                }
                return;
            }
            recovering = true;
            if (conn != null) {
                conn.close();
                conn = null;
            }
        }
        try {
            while (true) {
                if (failure.get() != null) {
                    throw failure.get();
                }
                if (cause != null) { // not the first connection: back off; give up after the last step
                    int s;
                    synchronized (this) {
                        s = streak;
                        if (s == 0) {
                            lostAt = System.nanoTime();
                        }
                    }
                    if (s >= BACKOFF_MS.length) {
                        throw LoadErrors.unreachable(node.address(), failed < 0, BACKOFF_MS.length,
                                (System.nanoTime() - lostAt) / 1_000_000, cause);
                    }
                    synchronized (this) {
                        retries++;
                        streak++;
                    }
                    pause(BACKOFF_MS[s]);
                }
                RawConnection c = null;
                try {
                    c = target.openRaw(node);
                    List<Chunk> resend;
                    synchronized (this) {
                        if (failure.get() != null) {
                            throw failure.get();
                        }
                        connecting = c;
                        resend = new ArrayList<>(inflight); // stable: both lane threads wait while recovering
                    }
                    OutputStream out = c.out();
                    for (Chunk chunk : resend) {
                        int from = chunk.start(chunk.acked);
                        if (from < chunk.length()) {
                            out.write(chunk.bytes(), from, chunk.length() - from);
                        }
                    }
                    synchronized (this) {
                        connecting = null;
                        if (failure.get() != null) {
                            throw failure.get();
                        }
                        conn = c;
                        replies = new RespReader(c.in());
                        generation = failed + 1;
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
                    if (c != null) {
                        c.close();
                    }
                    throw e;
                }
                synchronized (this) {
                    connecting = null;
                }
                if (c != null) {
                    c.close();
                }
            }
        } finally {
            synchronized (this) {
                recovering = false;
                notifyAll();
            }
        }
    }

    /** Waits on the lane's lock (held by the caller) for up to 100 ms. */
    private void waitHere() {
        try {
            wait(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LoadErrors.interrupted();
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
            try {
                Thread.sleep(Math.min(left, 20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw LoadErrors.interrupted();
            }
        }
    }
}
