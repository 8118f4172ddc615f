package io.cachectl.warm;

import io.cachectl.error.CachectlException;
import io.cachectl.error.ExitCode;
import io.cachectl.output.Progress;
import io.cachectl.output.Units;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The validation pass: reads the whole input once, parses every record, finds duplicate keys
 * (a second read only when the Bloom filter saw possible duplicates), and lists the bad records.
 * Memory stays bounded: nothing per record is kept except a bit per duplicate line.
 */
final class Validator {
    /** What the pass found. {@code duplicateLines} marks later occurrences of a key. */
    record Validation(long lines, long records, long bad, ErrorList errors, BitSet duplicateLines,
            boolean duplicatesUnchecked, long bytes) {
    }

    private final WarmSettings settings;
    private final InputFile input;
    private final Format format;
    private final BooleanSupplier stop;

    /** {@code stop}: true when Ctrl-C or SIGTERM asked to stop. */
    Validator(WarmSettings settings, InputFile input, Format format, BooleanSupplier stop) {
        this.settings = settings;
        this.input = input;
        this.format = format;
        this.stop = stop;
    }

    /** Files smaller than this are validated by one thread. */
    private static final long PARALLEL_MIN_BYTES = 8 << 20;

    /** One range of the input: its lines are numbered from 1 within the range. */
    private record Chunk(long lines, long records, long bad, ErrorList errors, Duplicates.Sink keys) {
    }

    Validation run(Function<String, Progress> progress) {
        // 16 bits per expected key (≈0.1 % false candidates), at least 1 MB, at most 16 MB
        long expected = input.estimateLines();
        int log2Bits = 23;
        while (log2Bits < 27 && (1L << log2Bits) < expected * 16) {
            log2Bits++;
        }
        Duplicates dups;
        long records;
        long bad;
        long lines;
        long bytes;
        ErrorList errors;
        try (Progress bar = progress.apply("validate")) {
            int threads = Math.min(Integer.getInteger("cachectl.warm.threads", 2), Runtime.getRuntime().availableProcessors());
            boolean parallel = threads > 1 && format == Format.JSONL && !input.isStdin() && input.size() > PARALLEL_MIN_BYTES
                    && !input.gzip();
            // exact duplicate detection (8 bytes a key) when the keys fit in an eighth of the heap
            long exactCap = Math.min(Runtime.getRuntime().maxMemory() / 8 / 8, 4_000_000) / threads;
            dups = new Duplicates(log2Bits, parallel, expected * 2 <= exactCap * threads ? exactCap : 0);
            Chunk first;
            Chunk second = null;
            if (parallel) {
                long[] bounds = input.split(2);
                java.util.concurrent.CompletableFuture<Chunk> rest = java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return chunk(new LineReader(input.openRange(bounds[1], bounds[2]),
                                        settings.maxLineBytes(), false), dups, null);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                first = chunk(new LineReader(input.openRange(0, bounds[1]), settings.maxLineBytes()), dups, bar);
                try {
                    second = rest.join();
                } catch (java.util.concurrent.CompletionException e) {
                    if (e.getCause() instanceof java.io.UncheckedIOException u) {
                        throw u.getCause();
                    }
                    throw e.getCause() instanceof RuntimeException re ? re : e;
                }
            } else {
                first = chunk(new LineReader(input.open(), settings.maxLineBytes()), dups, bar);
            }
            errors = first.errors();
            records = first.records();
            bad = first.bad();
            lines = first.lines();
            if (second != null) {
                for (RecordError e : second.errors().kept()) {
                    errors.add(e.line() + lines, e.reason());
                }
                errors.addUncounted(second.errors().total() - second.errors().kept().size());
                records += second.records();
                bad += second.bad();
                lines += second.lines();
            }
            bytes = input.bytesRead();
            if (dups.exact() && !dups.finish(second == null ? List.of(first.keys()) : List.of(first.keys(), second.keys()))) {
                bloomPass(dups); // more keys than estimated: fall back to the filter, one more read
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
        BitSet dupLines = new BitSet();
        if (dups.needsConfirmation()) {
            try (Progress bar = progress.apply("duplicates");
                 LineReader r = new LineReader(input.open(), settings.maxLineBytes())) {
                RecordParser parser = new RecordParser(settings, format, input.name());
                while (r.next()) {
                    WarmRecord rec;
                    try {
                        // hash first (no allocation); build the record only for a candidate key
                        long hash = parser.check(r);
                        if (!parser.wasRecord() || !dups.isCandidate(hash)) {
                            continue;
                        }
                        rec = parser.parse(r);
                    } catch (BadRecord e) {
                        continue;
                    }
                    long first = dups.firstLineOf(rec);
                    if (first > 0) {
                        bad++;
                        errors.add(rec.line(), "duplicate key \"" + printable(rec.key()) + "\" (first at line " + first
                                + "; each key may appear once)");
                        if (rec.line() <= Integer.MAX_VALUE) {
                            dupLines.set((int) rec.line());
                        }
                    }
                    if ((r.lineNo() & 4095) == 0) {
                        checkInterrupt();
                    }
                }
            } catch (IOException e) {
                throw unreadable(e);
            }
        }
        return new Validation(lines, records, bad, errors, dupLines, dups.abandoned(), bytes);
    }

    private void bloomPass(Duplicates dups) throws IOException {
        dups.switchToBloom();
        try (LineReader r = new LineReader(input.open(), settings.maxLineBytes())) {
            RecordParser parser = new RecordParser(settings, format, input.name());
            while (r.next()) {
                try {
                    long hash = parser.check(r);
                    if (parser.wasRecord()) {
                        dups.add(hash);
                    }
                } catch (BadRecord e) {
                    // already counted
                }
            }
        }
    }

    /** Parses every line of one range; {@code bar} (or null) shows the progress of the whole file. */
    private Chunk chunk(LineReader r, Duplicates dups, Progress bar) throws IOException {
        Duplicates.Sink keys = dups.sink();
        ErrorList errors = new ErrorList(settings.maxErrors());
        long records = 0;
        long bad = 0;
        long lastBytes = 0;
        try (r) {
            RecordParser parser = new RecordParser(settings, format, input.name());
            while (parser.advance(r)) {
                try {
                    long hash = parser.check(r);
                    if (parser.wasRecord()) {
                        records++;
                        keys.add(hash);
                    }
                } catch (BadRecord e) {
                    records++;
                    bad++;
                    errors.add(r.lineNo(), e.reason());
                }
                if ((r.lineNo() & 4095) == 0) {
                    if (bar != null) {
                        long now = input.bytesRead();
                        bar.step(now - lastBytes);
                        lastBytes = now;
                    }
                    checkInterrupt();
                }
            }
            if (bar != null) {
                bar.step(input.bytesRead() - lastBytes);
            }
            keys.seal();
            return new Chunk(r.lineNo(), records, bad, errors, keys);
        }
    }

    private CachectlException unreadable(IOException e) {
        if (interruptedRead(e, stop)) {
            return new CachectlException(ExitCode.INTERRUPTED, "interrupted while validating: nothing was written");
        }
        String what = e instanceof java.util.zip.ZipException || e instanceof java.io.EOFException
                ? "corrupt or truncated gzip data" + (e.getMessage() == null ? "" : ": " + e.getMessage()
                        .replaceFirst("^(corrupt or )?(truncated |corrupt )?gzip data ?", "")) : e.getMessage();
        return CachectlException.usage(input.name() + ": cannot read: " + what);
    }

    /**
     * True when a read failed because Ctrl-C interrupted the thread: file channels close themselves
     * on an interrupt ({@code ClosedByInterruptException}), which is no bad input.
     */
    static boolean interruptedRead(IOException e, BooleanSupplier stop) {
        return e instanceof java.nio.channels.ClosedByInterruptException || e instanceof java.io.InterruptedIOException
                || e instanceof java.nio.channels.AsynchronousCloseException && stop.getAsBoolean()
                || stop.getAsBoolean();
    }

    private void checkInterrupt() {
        if (stop.getAsBoolean()) {
            throw new CachectlException(ExitCode.INTERRUPTED, "interrupted while validating: nothing was written");
        }
    }

    /** A key for a message: at most 80 characters, control characters escaped. */
    static String printable(byte[] key) {
        String s = new String(key, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 80; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.length() >= 80 && s.length() > 80 ? sb + "…" : sb.toString();
    }

    static String sizeOf(long bytes) {
        return Units.bytes(bytes);
    }
}
