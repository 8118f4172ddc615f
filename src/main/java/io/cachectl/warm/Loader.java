package io.cachectl.warm;

import io.cachectl.connect.Node;
import io.cachectl.connect.Target;
import io.cachectl.error.ExitCode;
import io.cachectl.output.Progress;
import io.cachectl.output.Units;
import io.cachectl.warm.LoadErrors.Fatal;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The write pass, streamed like {@code redis-cli --pipe}. The calling thread reads and parses the
 * input, encodes each record ({@link RecordEncoder}) straight into a {@link Chunk} of its primary's
 * {@link Lane} (routed by hash slot, {@link Redirects}), and hands full chunks over; the lanes write
 * and read back. Keys are unique (duplicates were rejected), and a connection carries commands in
 * order, so a lane can resend what was not acknowledged after a reconnect. The resume line is the
 * first line of the oldest chunk not fully acknowledged.
 */
final class Loader {
    /** After a failure, how long the summary waits for the lane threads to stop. */
    private static final long JOIN_AFTER_FAILURE_MS = 1000;

    /** Per-node figures for the summary. */
    public record NodeResult(String node, long written, long skipped, long redirects, long retries) {
    }

    /** What the pass did. {@code failure} is null on success; {@code resumeLine} is where to continue. */
    record Outcome(long records, long written, long skippedExisting, long skippedBeforeResume, long rejected,
            List<NodeResult> nodes, String failure, int failureExit, long resumeLine, String rejectsFile) {
    }

    private final Target target;
    private final WarmSettings settings;
    private final InputFile input;
    private final Format format;
    private final Validator.Validation validation;
    private final BooleanSupplier stop;
    private final RecordEncoder encoder;
    private final Redirects redirects;
    /** Grows when a failover promotes a primary the load did not start with (see {@link Redirects}). */
    private final List<Lane> lanes = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private boolean ending; // guarded by this: no more lanes start
    private final ConcurrentSkipListSet<Long> pending = new ConcurrentSkipListSet<>();
    private final AtomicReference<Fatal> failure = new AtomicReference<>();
    private volatile long readerNext = 1;

    /** {@code stop}: true when Ctrl-C or SIGTERM asked to stop (the summary then has the resume line). */
    Loader(Target target, WarmSettings settings, InputFile input, Format format, Validator.Validation validation,
            BooleanSupplier stop) {
        this.target = target;
        this.settings = settings;
        this.input = input;
        this.format = format;
        this.validation = validation;
        this.stop = stop;
        this.encoder = new RecordEncoder(settings.nx());
        List<Node> primaries = target.primaries();
        this.redirects = new Redirects(target, primaries, this::addLane);
        for (Node n : primaries) {
            lanes.add(new Lane(n, target, redirects, failure, pending));
        }
    }

    /** Starts a lane for {@code primary} (from a receiver thread, after a failover); -1 once the load is ending. */
    private synchronized int addLane(Node primary) {
        if (ending) {
            return -1;
        }
        Lane lane = new Lane(primary, target, redirects, failure, pending);
        lanes.add(lane);
        threads.addAll(lane.start());
        return lanes.size() - 1;
    }

    Outcome run(Progress bar, Path rejectsPath) {
        for (Lane lane : lanes) {
            threads.addAll(lane.start());
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
                            Lane lane = standalone ? lanes.get(0)
                                    : laneFor(Redirects.slot(b, parser.keyStart(), parser.keyEnd()), line);
                            Chunk c = lane.openChunk(line);
                            encoder.set(c, b, parser.keyStart(), parser.keyEnd(), b, parser.valueStart(),
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
                                Chunk c = lane.openChunk(line);
                                encoder.record(c, rec);
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
                    if (stop.getAsBoolean()) {
                        interrupted = true;
                        break;
                    }
                }
            }
            if (failure.get() == null && !interrupted) {
                for (Lane lane : lanes) {
                    if (lane.open != null) {
                        lane.enqueue(lane.open);
                        lane.open = null;
                    }
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (IOException e) {
            if (Validator.interruptedRead(e, stop)) {
                interrupted = true;
            } else {
                fail(LoadErrors.cannotRead(input.name(), e.getMessage()));
            }
        } catch (Fatal e) {
            fail(e);
        } finally {
            if (interrupted) {
                fail(LoadErrors.interrupted());
            }
            synchronized (this) {
                ending = true;
            }
            for (Lane lane : lanes) {
                lane.finish();
            }
            if (failure.get() != null) {
                for (Lane lane : lanes) {
                    lane.disconnect(); // unblocks a receiver waiting for replies that no longer matter
                }
            }
            long deadline = System.nanoTime() + JOIN_AFTER_FAILURE_MS * 1_000_000;
            for (Thread t : threads) {
                joinQuietly(t, failure.get() == null ? 0 : deadline);
            }
            for (Lane lane : lanes) {
                lane.seal();
            }
            if (rejects != null) {
                try {
                    rejects.close();
                } catch (IOException e) {
                    fail(LoadErrors.cannotWriteRejects(rejectsPath, e.getMessage()));
                }
            }
        }
        long written = 0;
        long skipped = 0;
        List<NodeResult> nodes = new ArrayList<>();
        for (Lane lane : lanes) {
            NodeResult n = lane.result();
            written += n.written();
            skipped += n.skipped();
            nodes.add(n);
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

    private Lane laneFor(int slot, long line) {
        int index = redirects.lane(slot);
        if (index < 0) {
            throw LoadErrors.slotNotServed(slot, line);
        }
        return lanes.get(index);
    }

    private void closeIfFull(Lane lane, Chunk c) throws InterruptedException {
        if (c.full(settings.pipeline())) {
            lane.open = null;
            lane.enqueue(c);
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
}
