package io.cachectl.effect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The self-effect ledger: how many keyspace hits and misses cachectl processes on this machine caused
 * on each server since it started, so that {@code stats} and {@code doctor} can subtract them from
 * the server's counters — also the lookups of a {@code bigkeys} running in another process while
 * {@code stats --interval} watches.
 *
 * <p>Why a local file: the server cannot tell whose lookup a hit was. Redis 7.0 and Valkey 8.0 keep
 * {@code keyspace_hits}/{@code misses} for the whole server only (CLIENT LIST has no per-client lookup
 * counters; Valkey 8's {@code tot-cmds} counts commands, and one probe call makes hundreds of lookups),
 * and CLIENT NO-TOUCH stops LRU updates, not the counting. cachectl counts its own lookups exactly, so
 * each process publishes them here, keyed by the server's {@code run_id} (a restarted server starts a
 * new ledger, as its counters restart). Lookups by cachectl on other machines are not in this ledger;
 * stats says so when it sees other {@code cachectl} clients connected.
 *
 * <p>Layout: {@code DIR/<run_id>/<pid>-<n>.live} is one process's running count (16 bytes, memory-mapped,
 * so readers see each batch as it is counted); {@code DIR/<run_id>/total} holds the folded counts of
 * finished processes. {@code DIR} is {@code $CACHECTL_STATE_DIR}, else {@code $XDG_STATE_HOME/cachectl},
 * else {@code ~/.local/state/cachectl}; {@code CACHECTL_STATE_DIR=off} disables the ledger.
 */
public final class Ledger implements AutoCloseable {
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-fA-F]{8,64}");
    private static final ReentrantLock JVM_LOCK = new ReentrantLock(); // FileLock is per process, not per thread
    private static final Ledger OFF = new Ledger(null, "disabled (CACHECTL_STATE_DIR=off)");

    private final Path dir;
    private final String problem;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile String writeProblem;

    private Ledger(Path dir, String problem) {
        this.dir = dir;
        this.problem = problem;
    }

    /** The ledger named by the environment (see the class comment). */
    public static Ledger open(Map<String, String> env) {
        String explicit = env.get("CACHECTL_STATE_DIR");
        if ("off".equals(explicit)) {
            return OFF;
        }
        Path dir;
        if (explicit != null && !explicit.isBlank()) {
            dir = Path.of(explicit);
        } else if (env.get("XDG_STATE_HOME") != null && !env.get("XDG_STATE_HOME").isBlank()) {
            dir = Path.of(env.get("XDG_STATE_HOME"), "cachectl");
        } else {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            dir = Path.of(home, ".local", "state", "cachectl");
        }
        return new Ledger(dir, null);
    }

    /** Why the ledger cannot be used, or null. */
    public String problem() {
        return problem;
    }

    public boolean enabled() {
        return dir != null && problem == null;
    }

    /** Everything recorded for the server with {@code runId}: finished and running processes. */
    public SelfEffect total(String runId) {
        if (!enabled() || runId == null || !RUN_ID.matcher(runId).matches()) {
            return SelfEffect.NONE;
        }
        Path d = dir.resolve(runId);
        if (!Files.isDirectory(d)) {
            return SelfEffect.NONE;
        }
        try {
            return locked(d, () -> sum(d));
        } catch (IOException e) {
            return SelfEffect.NONE;
        }
    }

    /** This process's counter for the server with {@code runId}; a no-op counter when disabled. */
    public Entry entry(String runId) {
        if (!enabled() || runId == null || !RUN_ID.matcher(runId).matches()) {
            return new Entry(null, null);
        }
        return entries.computeIfAbsent(runId, id -> {
            Path d = dir.resolve(id);
            try {
                Files.createDirectories(d);
                Path file = d.resolve(ProcessHandle.current().pid() + "-" + System.nanoTime() + ".live");
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
                    return new Entry(file, ch.map(FileChannel.MapMode.READ_WRITE, 0, 16));
                }
            } catch (IOException | RuntimeException e) {
                writeProblem = "cannot record cachectl's own lookups in " + dir + " (" + e + "): stats and doctor"
                        + " will count them as the application's (set CACHECTL_STATE_DIR to a writable directory)";
                return new Entry(null, null);
            }
        });
    }

    /** Why this process's lookups could not be recorded, or null. */
    public String writeProblem() {
        return writeProblem;
    }

    /**
     * Folds this process's counters into each server's total (and those of processes that died), and
     * removes the ledgers of servers not touched for {@value #KEEP_DAYS} days (restarted or gone: a
     * new run_id has its own).
     */
    @Override
    public void close() {
        if (!entries.isEmpty()) {
            prune();
        }
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Path d = dir.resolve(e.getKey());
            try {
                locked(d, () -> {
                    fold(d);
                    return null;
                });
            } catch (IOException ignored) {
                // the live file stays and is still counted
            }
        }
        entries.clear();
    }

    static final int KEEP_DAYS = 30;

    private void prune() {
        long cutoff = System.currentTimeMillis() - KEEP_DAYS * 86_400_000L;
        try (DirectoryStream<Path> servers = Files.newDirectoryStream(dir)) {
            for (Path d : servers) {
                if (Files.isDirectory(d) && RUN_ID.matcher(d.getFileName().toString()).matches()
                        && !entries.containsKey(d.getFileName().toString())
                        && Files.getLastModifiedTime(d).toMillis() < cutoff) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
                        for (Path f : files) {
                            Files.deleteIfExists(f);
                        }
                    }
                    Files.deleteIfExists(d);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // housekeeping only
        }
    }

    private interface Io<T> {
        T run() throws IOException;
    }

    private static <T> T locked(Path d, Io<T> work) throws IOException {
        JVM_LOCK.lock();
        try (FileChannel ch = FileChannel.open(d.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            return work.run();
        } finally {
            JVM_LOCK.unlock();
        }
    }

    private static SelfEffect sum(Path d) throws IOException {
        SelfEffect total = read(d.resolve("total"));
        try (DirectoryStream<Path> live = Files.newDirectoryStream(d, "*.live")) {
            for (Path p : live) {
                total = total.plus(read(p));
            }
        }
        return total;
    }

    /** Adds every finished process's live file (this one's included) to {@code total}, then deletes them. */
    private void fold(Path d) throws IOException {
        SelfEffect total = read(d.resolve("total"));
        List<Path> folded = new ArrayList<>();
        long me = ProcessHandle.current().pid();
        try (DirectoryStream<Path> live = Files.newDirectoryStream(d, "*.live")) {
            for (Path p : live) {
                String name = p.getFileName().toString();
                long pid = Long.parseLong(name.substring(0, name.indexOf('-')));
                boolean mine = entries.values().stream().anyMatch(e -> p.equals(e.file));
                if (mine || pid != me && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                    total = total.plus(read(p));
                    folded.add(p);
                }
            }
        }
        Path tmp = d.resolve("total.tmp");
        ByteBuffer b = ByteBuffer.allocate(16).putLong(total.hits()).putLong(total.misses()).flip();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(b);
        }
        try {
            Files.move(tmp, d.resolve("total"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, d.resolve("total"), StandardCopyOption.REPLACE_EXISTING);
        }
        for (Path p : folded) {
            Files.deleteIfExists(p);
        }
    }

    private static SelfEffect read(Path p) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(16);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // fill
            }
            b.flip();
            return b.remaining() < 16 ? SelfEffect.NONE : new SelfEffect(b.getLong(), b.getLong());
        } catch (IOException | RuntimeException e) {
            return SelfEffect.NONE;
        }
    }

    /** One process's running count for one server; each {@link #add} is visible to readers at once. */
    public static final class Entry {
        private final Path file;
        private final MappedByteBuffer map;
        private long hits;
        private long misses;

        private Entry(Path file, MappedByteBuffer map) {
            this.file = file;
            this.map = map;
        }

        public synchronized void add(long h, long m) {
            hits += h;
            misses += m;
            if (map != null) {
                map.putLong(0, hits);
                map.putLong(8, misses);
            }
        }

        public synchronized SelfEffect value() {
            return new SelfEffect(hits, misses);
        }
    }
}
