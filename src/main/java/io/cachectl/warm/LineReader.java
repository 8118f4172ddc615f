package io.cachectl.warm;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads an input byte stream line by line (LF or CRLF) into a reused buffer: constant memory
 * whatever the file size. A line longer than {@code maxLine} bytes is not kept; it is consumed up
 * to its newline and flagged {@link #tooLong()}, with its real length in {@link #length()}.
 */
final class LineReader implements Closeable {
    private final InputStream in;
    private final int maxLine;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private byte[] line = new byte[8192];
    private int len;
    private long fullLength;
    private boolean tooLong;
    private long lineNo;
    private boolean eof;

    private final boolean fileStart;
    /** The current line was scanned in place by {@link #scanner} and is not copied to line yet. */
    private FastLine scanner;
    private int viewStart;

    LineReader(InputStream in, int maxLine) {
        this(in, maxLine, true);
    }

    /** {@code fileStart}: the stream starts at the beginning of the file (where a BOM may be). */
    LineReader(InputStream in, int maxLine, boolean fileStart) {
        this.in = in;
        this.maxLine = maxLine;
        this.fileStart = fileStart;
    }

    /** Reads the next line; false at the end of the input. */
    boolean next() throws IOException {
        scanner = null;
        if (eof && pos >= lim) {
            return false;
        }
        len = 0;
        fullLength = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (pos >= lim) {
                if (!fill()) {
                    if (!any) {
                        return false;
                    }
                    break;
                }
            }
            any = true;
            int start = pos;
            int nl = indexOfNewline(buf, pos, lim);
            int end = nl < 0 ? lim : nl;
            append(start, end - start);
            pos = nl < 0 ? lim : nl + 1;
            if (nl >= 0) {
                break;
            }
        }
        lineNo++;
        if (!tooLong && len > 0 && line[len - 1] == '\r') {
            len--;
        }
        if (lineNo == 1 && fileStart && len >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB
                && (line[2] & 0xFF) == 0xBF) { // UTF-8 byte order mark
            System.arraycopy(line, 3, line, 0, len - 3);
            len -= 3;
        }
        return true;
    }

    /**
     * The fast way to the next line: when it is a simple JSON record that ends inside the read
     * buffer, {@code f} scans it there (no copy, no separate search for the newline) and it becomes
     * the current line. False (nothing consumed) otherwise: call {@link #next()}.
     */
    boolean nextInPlace(FastLine f) throws IOException {
        if (pos >= lim) {
            if (eof || !fill()) {
                return false;
            }
        }
        if (lineNo == 0 && fileStart) {
            return false; // a byte order mark is handled by next()
        }
        int nl = f.scanInPlace(buf, pos, lim);
        if (nl < 0) {
            return false;
        }
        scanner = f;
        viewStart = pos;
        int end = nl;
        if (end > pos && buf[end - 1] == '\r') {
            end--;
        }
        len = end - pos;
        fullLength = len;
        tooLong = false;
        lineNo++;
        pos = nl + 1;
        return true;
    }

    /** True when the current line was scanned in place by {@code f}: its fields index {@link #buffer()}. */
    boolean scannedBy(FastLine f) {
        return scanner == f;
    }

    /** The array the in-place line lives in (see {@link #scannedBy}). */
    byte[] buffer() {
        return buf;
    }

    /** Index of the first '\n' in [from, to), or -1. */
    static int indexOfNewline(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int start, int n) {
        fullLength += n;
        if (tooLong) {
            return;
        }
        if (len + n > maxLine) {
            tooLong = true;
            len = 0;
            return;
        }
        if (len + n > line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(line.length * 2, len + n), maxLine));
        }
        System.arraycopy(buf, start, line, len, n);
        len += n;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    /** The current line's bytes, from index 0 to {@link #len()}. */
    byte[] bytes() {
        if (scanner != null && viewStart >= 0) {
            if (line.length < len) {
                line = new byte[Math.max(len, line.length * 2)];
            }
            System.arraycopy(buf, viewStart, line, 0, len);
            viewStart = -1; // copied
        }
        return line;
    }

    int len() {
        return len;
    }

    /** Length of the line in bytes, also when it was too long to keep. */
    long length() {
        return fullLength;
    }

    boolean tooLong() {
        return tooLong;
    }

    /** 1-based number of the line last read. */
    long lineNo() {
        return lineNo;
    }

    boolean blank() {
        if (scanner != null) {
            return false; // a record
        }
        for (int i = 0; i < len; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return !tooLong;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
