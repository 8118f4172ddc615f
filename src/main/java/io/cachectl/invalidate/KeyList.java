package io.cachectl.invalidate;

import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Keys from a file or stdin, one per line, streamed (constant memory). Lines are taken as raw bytes
 * (binary-safe apart from newlines); a trailing CR is dropped; empty lines are skipped; a UTF-8 byte
 * order mark at the start of the input is dropped.
 */
public final class KeyList implements Iterator<byte[]>, AutoCloseable {
    private final InputStream in;
    private final String name;
    private byte[] next;
    private byte[] buffer = new byte[256];
    private boolean first = true;

    private KeyList(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    public static KeyList open(String file, Console console) {
        if ("-".equals(file)) {
            return new KeyList(new BufferedInputStream(console.stdin(), 1 << 16), "stdin");
        }
        try {
            return new KeyList(new BufferedInputStream(Files.newInputStream(Path.of(file)), 1 << 16), file);
        } catch (NoSuchFileException e) {
            throw CachectlException.usage("--keys-from " + file + ": no such file");
        } catch (IOException e) {
            throw CachectlException.usage("--keys-from " + file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            byte[] line = readLine();
            if (line == null) {
                return false;
            }
            if (line.length > 0) {
                next = line;
            }
        }
        return true;
    }

    @Override
    public byte[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        byte[] k = next;
        next = null;
        return k;
    }

    private byte[] readLine() {
        try {
            int len = 0;
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (len == buffer.length) {
                    if (len >= 512 * 1024 * 1024) {
                        throw CachectlException.usage(name + ": a line is longer than 512 MB (the key size limit)");
                    }
                    buffer = Arrays.copyOf(buffer, len * 2);
                }
                buffer[len++] = (byte) b;
            }
            if (b == -1 && len == 0) {
                return null;
            }
            if (len > 0 && buffer[len - 1] == '\r') {
                len--;
            }
            int from = 0;
            if (first) { // a UTF-8 byte order mark (Windows editors add one) is not part of the first key
                first = false;
                if (len >= 3 && buffer[0] == (byte) 0xEF && buffer[1] == (byte) 0xBB && buffer[2] == (byte) 0xBF) {
                    from = 3;
                }
            }
            return Arrays.copyOfRange(buffer, from, len);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // read-only input
        }
    }
}
