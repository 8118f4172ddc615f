package io.cachectl.faults;

import io.cachectl.testing.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The fault matrix as it is measured: every cell appends one row (command, fault, exit code, time,
 * data outcome) to {@code target/fault-matrix-SERVER.md}, so a run leaves the filled-in table.
 */
final class Matrix {
    private Matrix() {
    }

    /** A fault whose condition never held: the next {@link #record} fails the cell instead of passing it. */
    private static final java.util.concurrent.atomic.AtomicReference<String> MISSED =
            new java.util.concurrent.atomic.AtomicReference<>();

    static synchronized void record(String command, String fault, int exit, double seconds, String outcome) {
        String missed = MISSED.getAndSet(null);
        if (missed != null) {
            throw new AssertionError(command + " / " + fault + ": the fault never struck (" + missed
                    + "), so this cell proved nothing");
        }
        Path file = Path.of("target", "fault-matrix-" + RedisServer.flavour() + ".md");
        String row = String.format(Locale.ROOT, "| %s | %s | %d | %.1f s | %s |%n", command, fault, exit, seconds, outcome);
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, "| command | fault | exit | time | data outcome |\n|---|---|---|---|---|\n");
            }
            Files.writeString(file, row, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the table is a by-product; the assertions are the test
        }
    }

    /** Runs {@code action} on its own thread after {@code ms} milliseconds: a time, for faults no event marks. */
    static Thread after(long ms, Runnable action) {
        long due = System.nanoTime() + ms * 1_000_000L;
        return when(() -> System.nanoTime() >= due, action);
    }

    /**
     * Runs {@code action} on its own thread once {@code condition} holds (e.g. the server has served the
     * command's first SCAN calls): the fault lands mid-run however long the JVM took to start. After 30 s
     * it gives up, and the cell's {@link #record} fails: a fault that never struck proves nothing.
     */
    static Thread when(java.util.function.BooleanSupplier condition, Runnable action) {
        Thread t = new Thread(() -> {
            long end = System.nanoTime() + 30_000_000_000L;
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > end) {
                    MISSED.set("its condition did not hold within 30 s");
                    return;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
            action.run();
        }, "fault");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The scan engine's calls on {@code s}: SCAN, or the probe script that runs it. */
    static java.util.function.BooleanSupplier scanned(io.cachectl.testing.RedisServer s, long calls) {
        return () -> io.cachectl.testing.Await.calls(s, "scan", "evalsha", "eval") >= calls;
    }

    /** {@code s} has executed {@code calls} of these commands (a load or bench is mid-run). */
    static java.util.function.BooleanSupplier served(io.cachectl.testing.RedisServer s, long calls, String... commands) {
        return () -> io.cachectl.testing.Await.calls(s, commands) >= calls;
    }

    /** A client named cachectl is connected to {@code s} and has run a command since (stats, doctor started). */
    static java.util.function.BooleanSupplier connected(io.cachectl.testing.RedisServer s) {
        return () -> io.cachectl.testing.Await.cachectlRan(s, "info") || io.cachectl.testing.Await.cachectlRan(s, "ping");
    }

    /** {@code s}'s DBSIZE satisfies {@code keys} (false while it cannot be asked). */
    static java.util.function.BooleanSupplier keys(RedisServer s, java.util.function.LongPredicate keys) {
        return () -> {
            try (redis.clients.jedis.Jedis j = s.jedis()) {
                return keys.test(j.dbSize());
            } catch (RuntimeException e) {
                return false;
            }
        };
    }

    /** Runs {@code action} once {@code keys} holds (polling DBSIZE). */
    static Thread whenKeys(RedisServer s, java.util.function.LongPredicate keys, Runnable action) {
        return when(keys(s, keys), action);
    }

    /**
     * Runs {@code command} against {@code s}, freezing the server (SIGSTOP) once {@code condition} holds,
     * and thaws it (SIGCONT) once the command has ended, however it ended.
     */
    static io.cachectl.testing.Cli.Result frozen(RedisServer s, java.util.function.BooleanSupplier condition,
            java.util.function.Supplier<io.cachectl.testing.Cli.Result> command) {
        Thread freezer = when(condition, () -> io.cachectl.testing.CliProcess.signal(s.pid(), "STOP"));
        try {
            return command.get();
        } finally {
            try {
                freezer.join();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            io.cachectl.testing.CliProcess.signal(s.pid(), "CONT");
        }
    }

    /** {@code n} warm records {@code r:1}…{@code r:n} (JSON lines, TTL 1 h) in {@code dir}/w.jsonl. */
    static Path records(Path dir, int n) throws IOException {
        Path f = dir.resolve("w.jsonl");
        try (java.io.Writer w = Files.newBufferedWriter(f)) {
            for (int i = 1; i <= n; i++) {
                w.write("{\"key\":\"r:" + i + "\",\"value\":\"v" + i + "\",\"ttl\":3600}\n");
            }
        }
        return f;
    }
}
