package io.cachectl.bench;

import io.cachectl.connect.resp.RespEncoder;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives the load: each worker thread owns several connections and runs a small event loop over
 * them — send a batch on every idle client, then read whichever connections have replies (blocking
 * on the oldest only when none has), like redis-benchmark's single-threaded loop. Latencies go into
 * HdrHistogram {@link Recorder}s (microseconds) per category; a coordinator (the caller's thread)
 * pulls interval histograms every second for the timeline and sums them for the totals.
 *
 * <p>Closed loop: a request's latency runs from the moment its batch is written. Open loop
 * ({@code --rate}): every operation has an intended send time on a fixed schedule and its latency
 * runs from that time, so a stalled server shows up in every request that should have been sent
 * during the stall (coordinated-omission correction).
 */
final class LoadEngine {
    static final byte GET = 0;
    static final byte LOOKUP = 1;
    static final byte SET = 2;
    static final byte UNLINK = 3;
    /** A batch is written to the socket at the latest when its encoding reaches this size. */
    private static final int FLUSH_AT = 1 << 16;

    /** One second (or the last, partial second) of the run. */
    record Tick(int second, double seconds, long commands, long hits, long misses, Histogram all) {
    }

    /** Everything measured. Histograms are in microseconds. */
    record Outcome(Histogram hits, Histogram misses, Histogram writes, long commands, long hitCount,
            long missCount, long writeCount, long errors, String firstError, long elapsedNanos,
            List<Tick> timeline, boolean interrupted, Throwable failure, BitSet written) {
    }

    private final BenchSpec spec;
    private final KeySpace keys;
    private final List<List<Conn>> perThread;
    private final Recorder hits = new Recorder(3);
    private final Recorder misses = new Recorder(3);
    private final Recorder writes = new Recorder(3);
    private final LongAdder commands = new LongAdder();
    private final LongAdder hitCount = new LongAdder();
    private final LongAdder missCount = new LongAdder();
    private final LongAdder writeCount = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final boolean bounded;
    private final long backendNanos;
    private final long intervalNanos;
    private final List<Worker> workers = new ArrayList<>();
    private volatile boolean stop;
    /**
     * Warm-up (epoch 0) or measured run (epoch 1), with the operations left to claim; swapped as one
     * reference so that a batch is counted exactly when it claimed from the measured budget.
     */
    private record Phase(int epoch, AtomicLong budget) {
    }

    private volatile Phase phase;
    /** Lookups made during the warm-up (not in the outcome's counts, but on the server's). */
    final LongAdder warmupHits = new LongAdder();
    final LongAdder warmupMisses = new LongAdder();

    LoadEngine(BenchSpec spec, KeySpace keys, List<List<Conn>> perThread) {
        this.spec = spec;
        this.keys = keys;
        this.perThread = perThread;
        this.bounded = spec.requests() > 0;
        this.phase = spec.warmup().isZero() ? new Phase(1, new AtomicLong(spec.requests()))
                : new Phase(0, new AtomicLong(Long.MAX_VALUE / 2));
        this.backendNanos = spec.backendMs() * 1_000_000L;
        this.intervalNanos = spec.openLoop() ? Math.max(1, Math.round(1e9 * spec.clients() / spec.rate())) : 0;
    }

    /**
     * Runs the load on worker threads and coordinates from the calling thread: warm-up, then
     * {@code onMeasureStart}, then one {@code onTick} per second until the requests are done, the
     * duration is over, a worker fails, or {@code interrupted} says stop.
     */
    Outcome run(Runnable onMeasureStart, Consumer<Tick> onTick, BooleanSupplier interrupted) {
        if (spec.warmup().isZero()) {
            onMeasureStart.run(); // before any request, so the server's counters cover exactly the run
        }
        long t0 = System.nanoTime();
        int totalConns = perThread.stream().mapToInt(List::size).sum();
        int index = 0;
        for (List<Conn> conns : perThread) {
            for (int i = 0; i < conns.size(); i++, index++) {
                conns.get(i).nextIntended = t0 + (spec.openLoop() ? intervalNanos * index / totalConns : 0);
            }
            Worker w = new Worker(conns.toArray(Conn[]::new), new SplittableRandom(0x5eed + workers.size()));
            workers.add(w);
        }
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            Thread t = new Thread(workers.get(i), "cachectl-bench-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        boolean wasInterrupted = false;
        long warmupEnd = t0 + spec.warmup().toNanos();
        while (!spec.warmup().isZero() && System.nanoTime() < warmupEnd && !finished(threads)) {
            if (interrupted.getAsBoolean()) {
                wasInterrupted = true;
                break;
            }
            LockSupport.parkNanos(Math.min(50_000_000L, warmupEnd - System.nanoTime()));
        }
        if (!spec.warmup().isZero()) {
            hits.reset();
            misses.reset();
            writes.reset();
            for (LongAdder a : List.of(commands, hitCount, missCount, writeCount, errors)) {
                a.reset();
            }
            phase = new Phase(1, new AtomicLong(spec.requests()));
            onMeasureStart.run();
        }
        Histogram totalHits = new Histogram(3);
        Histogram totalMisses = new Histogram(3);
        Histogram totalWrites = new Histogram(3);
        List<Tick> timeline = new ArrayList<>();
        long start = spec.warmup().isZero() ? t0 : System.nanoTime();
        long deadline = bounded || spec.duration() == null ? Long.MAX_VALUE : start + spec.duration().toNanos();
        long lastTick = start;
        // t0 is taken before the threads start, so the first tick and the elapsed time include start-up
        long[] last = new long[3];
        Histogram[] hh = {null, null, null};
        while (!wasInterrupted) {
            boolean done = finished(threads) || failure.get() != null;
            long now = System.nanoTime();
            if (done || now >= deadline || now - lastTick >= 1_000_000_000L) {
                hh[0] = hits.getIntervalHistogram(hh[0]);
                hh[1] = misses.getIntervalHistogram(hh[1]);
                hh[2] = writes.getIntervalHistogram(hh[2]);
                Histogram all = new Histogram(3);
                for (int i = 0; i < 3; i++) {
                    all.add(hh[i]);
                }
                totalHits.add(hh[0]);
                totalMisses.add(hh[1]);
                totalWrites.add(hh[2]);
                long c = commands.sum();
                long h = hitCount.sum();
                long m = missCount.sum();
                Tick tick = new Tick(timeline.size() + 1, (now - lastTick) / 1e9, c - last[0], h - last[1],
                        m - last[2], all);
                if (tick.commands() > 0 || !done) {
                    timeline.add(tick);
                    onTick.accept(tick);
                }
                last[0] = c;
                last[1] = h;
                last[2] = m;
                lastTick = now;
            }
            if (done || now >= deadline) {
                break;
            }
            if (interrupted.getAsBoolean()) {
                wasInterrupted = true;
                break;
            }
            LockSupport.parkNanos(Math.min(20_000_000L, lastTick + 1_000_000_000L - now));
        }
        stop = true;
        joinOrClose(threads);
        long end = System.nanoTime();
        // anything recorded after the last tick (requests in flight when we stopped)
        totalHits.add(hits.getIntervalHistogram());
        totalMisses.add(misses.getIntervalHistogram());
        totalWrites.add(writes.getIntervalHistogram());
        BitSet written = new BitSet();
        workers.forEach(w -> written.or(w.written));
        return new Outcome(totalHits, totalMisses, totalWrites, commands.sum(), hitCount.sum(), missCount.sum(),
                writeCount.sum(), errors.sum(), firstError.get(), end - start, timeline, wasInterrupted,
                failure.get(), written);
    }

    private static boolean finished(List<Thread> threads) {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    /** Waits for the workers to finish their in-flight batches; closes their connections if they hang. */
    private void joinOrClose(List<Thread> threads) {
        long until = System.nanoTime() + 1_500_000_000L;
        boolean wasInterrupted = Thread.interrupted();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (until - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                wasInterrupted = true;
            }
        }
        if (!finished(threads)) {
            perThread.forEach(cs -> cs.forEach(Conn::close));
            for (Thread t : threads) {
                try {
                    t.join(500);
                } catch (InterruptedException e) {
                    wasInterrupted = true;
                }
            }
        }
        if (wasInterrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private int claim(Phase p, int want) {
        if (stop) {
            return 0;
        }
        if (!bounded) {
            return want;
        }
        long left = p.budget().getAndAdd(-want);
        return left <= 0 ? 0 : (int) Math.min(want, left);
    }

    private final class Worker implements Runnable {
        private final Conn[] conns;
        private final SplittableRandom random;
        private final Commands requests;
        /** The batch being encoded, written to the connection in one call. */
        private final RespEncoder batch = new RespEncoder(FLUSH_AT);
        final BitSet written = new BitSet();
        private final int pipeline = spec.pipeline();
        private final boolean open = spec.openLoop();

        /** The connection being written or read, so a failure names its node. */
        private Conn current;

        Worker(Conn[] conns, SplittableRandom random) {
            this.conns = conns;
            this.random = random;
            this.requests = new Commands(keys, spec.valueMax(), spec.ttlMs());
        }

        @Override
        public void run() {
            try {
                loop();
            } catch (Throwable e) {
                if (!stop) {
                    failure.compareAndSet(null, current == null ? e : new NodeFailure(current.node, e));
                    stop = true;
                }
            }
        }

        private void loop() {
            while (true) {
                long now = System.nanoTime();
                long nextTimer = Long.MAX_VALUE;
                int inFlight = 0;
                for (Conn c : conns) {
                    if (c.inFlight == 0) {
                        current = c;
                        long wake = fill(c, now);
                        if (wake != 0) {
                            nextTimer = Math.min(nextTimer, wake);
                        }
                    }
                    if (c.inFlight > 0) {
                        inFlight++;
                    }
                }
                if (inFlight == 0) {
                    if (nextTimer == Long.MAX_VALUE) {
                        return;
                    }
                    LockSupport.parkNanos(Math.min(10_000_000L, nextTimer - System.nanoTime()));
                    continue;
                }
                // read every connection that has replies; only when none has, wait on the oldest batch
                boolean readAny = false;
                Conn oldest = null;
                for (Conn c : conns) {
                    if (c.inFlight == 0) {
                        continue;
                    }
                    if (c.available() > 0) {
                        current = c;
                        readAll(c);
                        readAny = true;
                    } else if (oldest == null || c.sentAt - oldest.sentAt < 0) {
                        oldest = c;
                    }
                }
                if (!readAny && oldest != null) {
                    if (nextTimer != Long.MAX_VALUE && nextTimer - System.nanoTime() < 2_000_000L) {
                        LockSupport.parkNanos(Math.max(1000, Math.min(50_000L, nextTimer - System.nanoTime())));
                    } else {
                        current = oldest;
                        readAll(oldest); // blocks until the server answers
                    }
                }
            }
        }

        /** Sends the next batch on an idle client; returns 0 when sent, else when to try again. */
        private long fill(Conn c, long now) {
            if (stop) {
                return Long.MAX_VALUE;
            }
            Phase p = phase;
            if (!open) {
                if (now < c.readyAt) {
                    return c.readyAt;
                }
                while (c.deferred() > 0 && c.inFlight < pipeline) {
                    c.add(SET, c.popDeferred(), 0);
                }
                int got = claim(p, pipeline - c.inFlight);
                for (int i = 0; i < got; i++) {
                    c.add(nextKind(), keys.next(random, c.node), 0);
                }
            } else {
                while (c.deferred() > 0 && c.inFlight < pipeline && c.nextDue() <= now) {
                    long due = c.nextDue();
                    c.add(SET, c.popDeferred(), due);
                }
                while (c.inFlight < pipeline && c.nextIntended <= now) {
                    if (claim(p, 1) == 0) {
                        c.nextIntended = Long.MAX_VALUE;
                        break;
                    }
                    c.add(nextKind(), keys.next(random, c.node), c.nextIntended);
                    c.nextIntended += intervalNanos;
                }
            }
            if (c.inFlight == 0) {
                if (open) {
                    return Math.min(c.nextIntended, c.deferred() > 0 ? c.nextDue() : Long.MAX_VALUE);
                }
                return Long.MAX_VALUE;
            }
            for (int i = 0; i < c.inFlight; i++) {
                int k = c.key[i];
                switch (c.kind[i]) {
                    case SET -> {
                        int size = spec.valueMin() == spec.valueMax() ? spec.valueMax()
                                : random.nextInt(spec.valueMin(), spec.valueMax() + 1);
                        requests.set(batch, k, size);
                        written.set(k);
                    }
                    case UNLINK -> requests.unlink(batch, k);
                    default -> requests.get(batch, k);
                }
                if (batch.length() >= FLUSH_AT) { // big values: the socket takes them as they come
                    c.send(batch);
                }
            }
            long sent = System.nanoTime();
            c.epoch = p.epoch();
            c.sentAt = sent;
            c.send(batch);
            if (!open) {
                for (int i = 0; i < c.inFlight; i++) {
                    c.start[i] = sent;
                }
            }
            return 0;
        }

        private byte nextKind() {
            return switch (spec.workload()) {
                case GET -> GET;
                case SET -> SET;
                case MIXED -> random.nextDouble() < spec.setRatio() ? SET : GET;
                case CACHE_ASIDE -> spec.updateRatio() > 0 && random.nextDouble() < spec.updateRatio() ? UNLINK
                        : LOOKUP;
                case WRITE_THROUGH -> spec.updateRatio() > 0 && random.nextDouble() < spec.updateRatio() ? SET
                        : LOOKUP;
            };
        }

        private void readAll(Conn c) {
            long t = 0;
            int h = 0;
            int m = 0;
            int w = 0;
            boolean missed = false;
            boolean counted = c.epoch == 1;
            for (int i = 0; i < c.inFlight; i++) {
                int r;
                try {
                    r = c.read();
                } catch (Conn.ReplyError e) {
                    errors.increment();
                    firstError.compareAndSet(null, e.getMessage());
                    r = -1;
                }
                t = System.nanoTime();
                long us = Math.max(0, (t - c.start[i]) / 1000);
                byte kind = c.kind[i];
                if (!counted) {
                    if (kind == GET || kind == LOOKUP) { // warm-up lookups: not measured, but the server counts them
                        h += r == Conn.VALUE ? 1 : 0;
                        m += r == Conn.NIL ? 1 : 0;
                    }
                    if (kind == LOOKUP && r == Conn.NIL) {
                        missed = true;
                        c.defer(c.key[i], t + backendNanos);
                    }
                } else if (kind == GET || kind == LOOKUP) {
                    if (r == Conn.VALUE) {
                        hits.recordValue(us);
                        h++;
                    } else if (r == Conn.NIL) {
                        misses.recordValue(us);
                        m++;
                        if (kind == LOOKUP) {
                            missed = true;
                            c.defer(c.key[i], t + backendNanos);
                        }
                    }
                } else if (r >= 0) {
                    writes.recordValue(us);
                    w++;
                }
            }
            if (counted) {
                commands.add(c.inFlight);
            }
            (counted ? hitCount : warmupHits).add(h);
            (counted ? missCount : warmupMisses).add(m);
            writeCount.add(w);
            c.inFlight = 0;
            if (!open && missed) {
                c.readyAt = t + backendNanos;
            }
        }
    }

    /** A worker's failure on the connection to primary number {@code node} (an index into the primaries). */
    static final class NodeFailure extends RuntimeException {
        final int node;

        NodeFailure(int node, Throwable cause) {
            super(cause.getMessage(), cause);
            this.node = node;
        }
    }
}
