package io.cachectl.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import io.cachectl.error.ExitCode;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM: the first one asks the running command to stop (it interrupts the
 * main thread and sets a flag that loops check), so the command can print its partial summary; a
 * second signal, or a command that does not stop within 3 s, exits at once: 130 for SIGINT, 143 for
 * SIGTERM.
 */
public final class Interrupts {
    private static final AtomicBoolean REQUESTED = new AtomicBoolean();
    /** The exit code of the signal that asked to stop (130 or 143), 0 before any. */
    private static final java.util.concurrent.atomic.AtomicInteger SIGNAL_EXIT = new java.util.concurrent.atomic.AtomicInteger();
    /**
     * Clean-ups that must run even when the process is halted (second signal or deadline), where
     * shutdown hooks and deleteOnExit do not run: e.g. deleting warm's spool file of stdin.
     */
    private static final java.util.List<Runnable> BEFORE_HALT = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** How long a stopping command may take to print its summary before the process exits anyway. */
    private static final long DEADLINE_MS = 3000;

    private Interrupts() {
    }

    public static void install() {
        Thread main = Thread.currentThread();
        handle("INT", ExitCode.INTERRUPTED, main);
        // SIGTERM (kill, systemd, Kubernetes, CI timeouts) ends the same way: summary, resume hint, bench
        // cleanup; only the exit code differs (128 + 15)
        handle("TERM", ExitCode.TERMINATED, main);
    }

    private static void handle(String name, int code, Thread main) {
        try {
            Signal.handle(new Signal(name), sig -> {
                if (REQUESTED.getAndSet(true)) {
                    halt(code);
                }
                SIGNAL_EXIT.compareAndSet(0, code);
                main.interrupt();
                Thread killer = new Thread(() -> {
                    try {
                        Thread.sleep(DEADLINE_MS);
                        halt(code);
                    } catch (InterruptedException ignored) {
                        // process ended first
                    }
                }, "cachectl-interrupt-deadline");
                killer.setDaemon(true);
                killer.start();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException ignored) {
            // no signal support (some embedded runtimes): default JVM behaviour applies
        }
    }

    /**
     * The process exit code for a command that returned {@code code}: an interrupted command (130)
     * exits 143 when SIGTERM stopped it.
     */
    /** Registers {@code r} to run before the process is halted; {@link #removeBeforeHalt} when done. */
    public static void beforeHalt(Runnable r) {
        BEFORE_HALT.add(r);
    }

    public static void removeBeforeHalt(Runnable r) {
        BEFORE_HALT.remove(r);
    }

    /**
     * Ends the process now with {@code code}: registered clean-ups first, then {@code System.exit} so
     * shutdown hooks run (JLine puts the terminal back out of raw mode in one: a halted shell left
     * the terminal unusable), and a halt 2 s later should a hook hang.
     */
    private static void halt(int code) {
        for (Runnable r : BEFORE_HALT) {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // ending anyway
            }
        }
        Thread last = new Thread(() -> {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException ignored) {
                // halt now
            }
            Runtime.getRuntime().halt(code);
        }, "cachectl-halt");
        last.setDaemon(true);
        last.start();
        Thread exit = new Thread(() -> System.exit(code), "cachectl-exit"); // never from the signal thread itself
        exit.setDaemon(true);
        exit.start();
    }

    /** What asked to stop, for messages: "SIGTERM", else "Ctrl-C". */
    public static String what() {
        return SIGNAL_EXIT.get() == ExitCode.TERMINATED ? "SIGTERM" : "Ctrl-C";
    }

    public static int exitCode(int code) {
        return code == ExitCode.INTERRUPTED && SIGNAL_EXIT.get() == ExitCode.TERMINATED ? ExitCode.TERMINATED : code;
    }

    /**
     * Asks the running command to stop, as the first Ctrl-C does on the command line (without the
     * 3 s deadline): every thread that polls {@link #requested()} sees it, not only the interrupted
     * one. The shell calls it from its own Ctrl-C handler, together with interrupting the command's
     * thread, and {@link #clear()}s it when the command has ended.
     */
    public static void request() {
        REQUESTED.set(true);
    }

    /** Forgets a stop request once its command has ended, so the next command in the shell runs. */
    public static void clear() {
        REQUESTED.set(false);
    }

    /** True once Ctrl-C was pressed (or the current thread was interrupted). */
    public static boolean requested() {
        return REQUESTED.get() || Thread.currentThread().isInterrupted();
    }
}
