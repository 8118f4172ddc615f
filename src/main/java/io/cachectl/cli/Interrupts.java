package io.cachectl.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Ctrl-C: the first one asks the running command to stop (it interrupts the main thread and sets a
 * flag that loops check), so the command can print its partial summary; a second Ctrl-C, or a
 * command that does not stop within 3 s, exits 130 at once.
 */
public final class Interrupts {
    private static final AtomicBoolean REQUESTED = new AtomicBoolean();

    private Interrupts() {
    }

    public static void install() {
        Thread main = Thread.currentThread();
        try {
            Signal.handle(new Signal("INT"), sig -> {
                if (REQUESTED.getAndSet(true)) {
                    Runtime.getRuntime().halt(130);
                }
                main.interrupt();
                Thread killer = new Thread(() -> {
                    try {
                        Thread.sleep(3000);
                        Runtime.getRuntime().halt(130);
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
