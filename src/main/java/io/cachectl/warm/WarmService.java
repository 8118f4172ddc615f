package io.cachectl.warm;

import io.cachectl.connect.Target;
import io.cachectl.error.CachectlException;
import io.cachectl.error.ExitCode;
import io.cachectl.output.Progress;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Pre-warms a cache from a JSON Lines or CSV file: {@link #validate()} reads the whole input once
 * (nothing is written), then {@link #write(Target)} streams it into the target. The command asks
 * for confirmation between the two.
 */
public final class WarmService implements AutoCloseable {
    private final WarmSettings settings;
    private final InputFile input;
    private final Format format;
    private final BiFunction<String, Long, Progress> bars;
    private final StopSignal stop;
    private final long started = System.nanoTime();
    private Validator.Validation validation;
    private long validateMs;

    /** What validation found. */
    public record Check(long records, long bad, boolean duplicatesChecked) {
        public long valid() {
            return records - bad;
        }
    }

    /**
     * @param stdin data for {@code -} (spooled to a temporary file, deleted on close)
     * @param bars  makes a progress bar for a task name and a total in bytes
     * @param stop  Ctrl-C / SIGTERM, and clean-ups to run before a halt (the CLI passes its Interrupts')
     */
    public WarmService(WarmSettings settings, InputStream stdin, BiFunction<String, Long, Progress> bars,
            StopSignal stop) {
        this.settings = settings;
        this.stop = stop;
        this.input = InputFile.of(settings.file(), stdin, stop);
        this.format = settings.formatOrGuess();
        this.bars = bars;
    }

    /** The input's name for messages ({@code <stdin>} for {@code -}). */
    public String fileName() {
        return input.name();
    }

    public Check validate() {
        long t0 = System.nanoTime();
        validation = new Validator(settings, input, format, stop.requested()).run(task -> bars.apply(task, input.size()));
        validateMs = (System.nanoTime() - t0) / 1_000_000;
        if (settings.resumeFrom() > 1 && settings.resumeFrom() > validation.lines()) {
            throw CachectlException.usage("--resume-from " + settings.resumeFrom() + " is past the end of " + input.name()
                    + " (" + validation.lines() + " lines): nothing would be written");
        }
        if (validation.records() == 0) {
            throw CachectlException.usage(input.name() + ": no records (the input is empty or has only blank lines"
                    + (format == Format.CSV ? " and the header" : "") + ")");
        }
        return new Check(validation.records(), validation.bad(), !validation.duplicatesUnchecked());
    }

    /** What {@link #validate()} found (after it ran). */
    public Check checked() {
        Validator.Validation v = validation;
        return new Check(v.records(), v.bad(), !v.duplicatesUnchecked());
    }

    /**
     * {@link #validate()} while {@code connect} runs on another thread (connecting takes a while:
     * class loading, handshake, topology), then its target; null when {@code connect} is null (a
     * dry run). A failure of either is thrown once the other is done; nothing is left open.
     */
    public Target validateWhileConnecting(Supplier<Target> connect) {
        FutureTask<Target> connecting = connect == null ? null : new FutureTask<>(connect::get);
        if (connecting != null) {
            Thread t = new Thread(connecting, "cachectl-connect");
            t.setDaemon(true);
            t.start();
        }
        try {
            validate();
        } catch (RuntimeException e) {
            if (connecting != null) {
                try {
                    connecting.get().close();
                } catch (Exception ignored) {
                    // not connected: nothing to close
                }
            }
            throw e;
        }
        if (connecting == null) {
            return null;
        }
        try {
            return connecting.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CachectlException(ExitCode.INTERRUPTED, "interrupted while connecting: nothing was written");
        }
    }

    /** The summary when nothing is written: a dry run, or a file refused for its bad records. */
    public WarmResult notWritten(String target, String mode) {
        Validator.Validation v = validation;
        long valid = v.records() - v.bad();
        boolean invalid = v.bad() > 0 && !settings.skipInvalid();
        WarmResult.SkippedBy by = settings.dryRun() && !invalid ? new WarmResult.SkippedBy(0, 0, valid, 0, 0)
                : new WarmResult.SkippedBy(0, 0, 0, valid, 0);
        return new WarmResult(input.name(), format.name().toLowerCase(Locale.ROOT), target, mode, settings.dryRun(),
                invalid ? "invalid" : "dry_run", v.lines(), v.bytes(), v.records(), 0, valid, v.bad(), by,
                v.errors().kept(), v.errors().total(), !v.duplicatesUnchecked(), resumeFrom(), null,
                null, List.of(), elapsedMs(), validateMs, 0, 0, null);
    }

    /** Writes every valid record (from --resume-from on) to {@code target}. */
    public WarmResult write(Target target) {
        Loader.Outcome o;
        long writeStart = System.nanoTime();
        prepareSummary();
        try (Progress bar = bars.apply("warm", input.size())) {
            o = new Loader(target, settings, input, format, validation, stop.requested()).run(bar, rejectsPath());
        }
        Validator.Validation v = validation;
        long notAttempted = o.records() - o.written() - o.skippedExisting() - o.skippedBeforeResume() - o.rejected();
        WarmResult.SkippedBy by = new WarmResult.SkippedBy(o.skippedExisting(), o.skippedBeforeResume(), 0, 0,
                notAttempted + (v.records() - o.records()));
        long skipped = by.exists() + by.beforeResume() + by.notAttempted();
        String status = o.failure() == null ? "ok" : o.failureExit() == ExitCode.INTERRUPTED ? "interrupted" : "failed";
        double secs = (System.nanoTime() - writeStart) / 1e9;
        return new WarmResult(input.name(), format.name().toLowerCase(Locale.ROOT), target.masked(),
                target.mode().name().toLowerCase(Locale.ROOT), false, status, v.lines(), v.bytes(), v.records(),
                o.written(), skipped, v.records() - o.written() - skipped, by, v.errors().kept(), v.errors().total(),
                !v.duplicatesUnchecked(), resumeFrom(), o.failure() == null ? null : o.resumeLine(), o.rejectsFile(),
                o.nodes(), elapsedMs(), validateMs, Math.round(secs * 1000), secs > 0 ? (o.written() + o.skippedExisting()) / secs : 0, o.failure());
    }

    /**
     * Builds Jackson's serializers for the summary on a spare thread while the load runs (the write
     * leaves CPU to spare; building them after it added ~40 ms to every --json run).
     */
    private static void prepareSummary() {
        io.cachectl.output.Json.warmUp(new WarmResult("f", "jsonl", "t", "standalone", false, "ok", 1, 1, 1, 1, 0, 0,
                WarmResult.SkippedBy.NONE, List.of(new RecordError(1, "r")), 1, true, 1L, 1L, "r",
                List.of(new Loader.NodeResult("n", 1, 0, 0, 0)), 1, 1, 1, 1, null));
    }

    /** Exit code of a write whose result is {@code r}. */
    public static int exitCode(WarmResult r) {
        return switch (r.status()) {
            case "ok", "dry_run" -> ExitCode.OK;
            case "invalid" -> ExitCode.USAGE;
            case "interrupted" -> ExitCode.INTERRUPTED;
            default -> ExitCode.PARTIAL;
        };
    }

    private Long resumeFrom() {
        return settings.resumeFrom() > 1 ? settings.resumeFrom() : null;
    }

    private long elapsedMs() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Where --skip-invalid puts bad lines: --rejects, else next to the input ({@code users.rejects.jsonl}). */
    Path rejectsPath() {
        if (settings.rejects() != null) {
            return Path.of(settings.rejects());
        }
        String ext = format == Format.CSV ? ".csv" : ".jsonl";
        if (input.isStdin()) {
            return Path.of("warm.rejects" + ext);
        }
        String name = settings.file();
        if (name.toLowerCase(Locale.ROOT).endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        if (dot > slash + 1) {
            ext = name.substring(dot);
            name = name.substring(0, dot);
        }
        return Path.of(name + ".rejects" + ext);
    }

    @Override
    public void close() {
        input.close();
    }
}
