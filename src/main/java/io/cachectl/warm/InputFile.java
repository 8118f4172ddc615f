package io.cachectl.warm;

import io.cachectl.error.CachectlException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The input file: read several times (validation, then writing), gzip detected by its magic bytes
 * (whatever the name), bytes counted on the file itself (compressed bytes for .gz) for progress/ETA.
 * Standard input is first spooled to a temporary file, so it can be read twice in constant memory.
 */
final class InputFile implements AutoCloseable {
    private final Path path;
    private final String name;
    private final boolean spooled;
    private final AtomicLong bytesRead = new AtomicLong();
    /** Deletes the spool file if the process is halted (a second Ctrl-C) before {@link #close()}. */
    private Runnable deleteSpool;
    private StopSignal stop;

    private InputFile(Path path, String name, boolean spooled) {
        this.path = path;
        this.name = name;
        this.spooled = spooled;
    }

    /** {@code stop}: where the spool file of standard input registers its deletion before a halt. */
    static InputFile of(String file, InputStream stdin, StopSignal stop) {
        if (file.equals("-")) {
            if (stdin == null) {
                throw CachectlException.usage("no standard input to read from");
            }
            try {
                Path tmp = Files.createTempFile("cachectl-warm-", ".spool");
                tmp.toFile().deleteOnExit();
                Runnable delete = () -> tmp.toFile().delete();
                stop.beforeHalt().accept(delete); // deleteOnExit does not run when halted
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    stdin.transferTo(out);
                } catch (IOException e) {
                    stop.removeBeforeHalt().accept(delete);
                    delete.run();
                    throw e;
                }
                InputFile f = new InputFile(tmp, "<stdin>", true);
                f.deleteSpool = delete;
                f.stop = stop;
                return f;
            } catch (IOException e) {
                throw CachectlException.usage("cannot spool standard input to a temporary file: " + e.getMessage()
                        + " (set TMPDIR to a writable directory with room for the input)");
            }
        }
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            throw CachectlException.usage(Files.exists(p) ? file + ": not a regular file" : file + ": no such file");
        }
        if (!Files.isReadable(p)) {
            throw CachectlException.usage(file + ": not readable (check its permissions)");
        }
        return new InputFile(p, file, false);
    }

    /** The name used in messages: the path as given, or {@code <stdin>}. */
    String name() {
        return name;
    }

    boolean isStdin() {
        return spooled;
    }

    long size() {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }

    /** File bytes read so far by the current pass (for progress). */
    long bytesRead() {
        return bytesRead.get();
    }

    /**
     * A guess of the number of lines, from the size and the average length of the first lines
     * (gzip: assuming 5:1 compression), to size the duplicate filter.
     */
    long estimateLines() {
        try (InputStream in = open()) {
            byte[] head = in.readNBytes(1 << 14); // ~100 lines of a typical file: enough, and cheap (run interpreted)
            int lines = 0;
            for (byte x : head) {
                if (x == '\n') {
                    lines++;
                }
            }
            if (head.length < (1 << 14)) {
                return lines + 1;
            }
            double avg = (double) head.length / Math.max(1, lines);
            return (long) (size() * (gzip() ? 5 : 1) / avg) + 1;
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** True when the content is gzip-compressed (magic bytes 1f 8b). */
    boolean gzip() throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /**
     * Splits an uncompressed file into {@code parts} ranges that start at line starts, for a
     * parallel validation pass: offsets {@code [0, b1, b2, …, size]}.
     */
    long[] split(int parts) throws IOException {
        bytesRead.set(0);
        long size = Files.size(path);
        long[] bounds = new long[parts + 1];
        bounds[parts] = size;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
            for (int i = 1; i < parts; i++) {
                long pos = Math.max(bounds[i - 1], size * i / parts);
                long found = size;
                scan:
                while (pos < size) {
                    buf.clear();
                    int n = ch.read(buf, pos);
                    if (n <= 0) {
                        break;
                    }
                    for (int k = 0; k < n; k++) {
                        if (buf.get(k) == '\n') {
                            found = pos + k + 1;
                            break scan;
                        }
                    }
                    pos += n;
                }
                bounds[i] = found;
            }
        }
        return bounds;
    }

    /** The raw bytes {@code [start, end)} of an uncompressed file, counted for progress. */
    InputStream openRange(long start, long end) throws IOException {
        java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path);
        ch.position(start);
        InputStream raw = java.nio.channels.Channels.newInputStream(ch);
        return new FilterInputStream(raw) {
            private long left = end - start;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                    bytesRead.addAndGet(n);
                }
                return n;
            }
        };
    }

    /** Opens a new pass over the content (decompressed when gzip). */
    InputStream open() throws IOException {
        bytesRead.set(0);
        InputStream raw;
        try {
            raw = new FilterInputStream(Files.newInputStream(path)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        bytesRead.addAndGet(n);
                    }
                    return n;
                }
            };
        } catch (NoSuchFileException e) {
            throw CachectlException.usage(name + ": no such file");
        }
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            return new StrictGzip(in);
        }
        return in;
    }

    @Override
    public void close() {
        if (spooled) {
            if (deleteSpool != null) {
                stop.removeBeforeHalt().accept(deleteSpool);
            }
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // deleteOnExit covers it
            }
        }
    }
}
