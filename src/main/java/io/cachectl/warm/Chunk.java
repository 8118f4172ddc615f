package io.cachectl.warm;

import io.cachectl.connect.resp.RespEncoder;
import java.util.Arrays;

/**
 * A block of commands encoded as RESP, ready to be written to a socket in one call, with the input
 * line of each command (for messages and the resume line) and where each command starts (to resend
 * the unacknowledged rest after a reconnect, or one command after a MOVED/ASK redirect).
 * {@code acked} counts the leading commands whose replies were read.
 */
final class Chunk extends RespEncoder {
    /** A chunk is sent once it holds this many bytes (or the --pipeline count of commands). */
    static final int TARGET_BYTES = 1 << 19;

    long[] lines = new long[1024];
    int[] starts = new int[1024];
    int count;
    int acked;

    Chunk() {
        super(TARGET_BYTES + (TARGET_BYTES >> 2));
    }

    void reset() {
        clear(4 * TARGET_BYTES); // one huge record does not keep its buffer
        count = 0;
        acked = 0;
    }

    long firstLine() {
        return lines[0];
    }

    /** Starts command number {@link #count} (for input line {@code line}). */
    void begin(long line) {
        if (count == lines.length) {
            lines = Arrays.copyOf(lines, count * 2);
            starts = Arrays.copyOf(starts, count * 2);
        }
        lines[count] = line;
        starts[count] = length();
        count++;
    }

    /** Byte offset where command {@code i} starts ({@link #length()} for i == count). */
    int start(int i) {
        return i < count ? starts[i] : length();
    }

    boolean full(int maxCommands) {
        return count >= maxCommands || length() >= TARGET_BYTES;
    }
}
