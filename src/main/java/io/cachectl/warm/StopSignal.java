package io.cachectl.warm;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * How warm learns it should stop, passed in by the command like scan's, bench's and invalidate's
 * stop condition (signal handling is the CLI's): {@code requested} is polled while reading and
 * writing; {@code beforeHalt} registers a clean-up that must run even when the process is halted
 * (deleting the spool file of standard input), {@code removeBeforeHalt} withdraws it.
 */
public record StopSignal(BooleanSupplier requested, Consumer<Runnable> beforeHalt, Consumer<Runnable> removeBeforeHalt) {
    /** Never stops; nothing to clean up on a halt. */
    public static final StopSignal NEVER = new StopSignal(() -> false, r -> { }, r -> { });
}
