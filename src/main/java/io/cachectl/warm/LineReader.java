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

    byte[] bytes() {
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
