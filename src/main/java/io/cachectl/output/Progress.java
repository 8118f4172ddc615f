package io.cachectl.output;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr (me.tongfei:progressbar), drawn only when stderr is a terminal and
 * {@code --json} is off; otherwise every call is a no-op. Thread-safe: scanners on several nodes
 * may step the same bar.
 */
public final class Progress implements AutoCloseable {
    private static final Progress NONE = new Progress(null);
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A progress that draws nothing (background work, tests). */
    public static Progress none() {
        return NONE;
    }

    /**
     * Starts a bar for {@code task}; {@code total} ≤ 0 means unknown (a spinner-like counter).
     * {@code unit} names what is counted ("keys", "records", "req").
     */
    public static Progress start(Console console, boolean enabled, String task, long total, String unit) {
        if (!enabled || !console.progressAllowed()) {
            return NONE;
        }
        // the terminal's real width (bash does not export COLUMNS): a bar as wide as the screen wraps at
        // the last column and each redraw then leaves a stacked line behind
        int known = console.knownWidth();
        int width = known > 0 ? Math.max(20, known - 1) : 100;
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total > 0 ? total : -1)
                .setUpdateIntervalMillis(250)
                .setStyle(console.errStyle().enabled() ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK
                        : ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(stream(console.err()), width))
                .setUnit(" " + unit, 1)
                .showSpeed()
                .clearDisplayOnFinish();
        return new Progress(b.build());
    }

    public void step(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    public void maxHint(long total) {
        if (bar != null) {
            bar.maxHint(total);
        }
    }

    public void extra(String message) {
        if (bar != null) {
            bar.setExtraMessage(message);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /** A PrintStream that forwards whole flushed strings to the console's stderr writer. */
    private static PrintStream stream(PrintWriter writer) {
        return new PrintStream(new ByteArrayOutputStream() {
            @Override
            public synchronized void flush() {
                writer.write(toString(StandardCharsets.UTF_8));
                writer.flush();
                reset();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
