package io.cachectl.bench;

import io.cachectl.connect.RawConnection;
import io.cachectl.connect.resp.RespEncoder;
import io.cachectl.connect.resp.RespReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * One simulated client: its connection (spoken with the shared RESP codec, so one load thread can
 * drive many connections without allocating per command), the batch it has in flight (at most
 * --pipeline commands), and the cache-aside SETs waiting for their simulated backend fetch.
 */
final class Conn implements AutoCloseable {
    /** Reply kinds the engine cares about. */
    static final int NIL = 0;
    static final int VALUE = 1;
    static final int OK = 2;

    final int node;
    final byte[] kind;
    final int[] key;
    final long[] start;
    int inFlight;
    /** The engine's epoch when the in-flight batch was sent (warm-up batches are not counted). */
    int epoch;
    /** When the in-flight batch was written. */
    long sentAt;
    /** Closed loop: the client is busy with the backend until then. */
    long readyAt;
    /** Open loop: intended send time of the next operation. */
    long nextIntended;
    private final RawConnection connection;
    private final OutputStream out;
    private final RespReader replies;
    private int[] deferredKey = new int[16];
    private long[] deferredDue = new long[16];
    private int head;
    private int size;

    Conn(RawConnection connection, int node, int pipeline) {
        this.connection = connection;
        try {
            this.out = connection.out();
            this.replies = new RespReader(connection.in());
        } catch (IOException e) {
            connection.close();
            throw broken(e);
        }
        this.node = node;
        this.kind = new byte[pipeline];
        this.key = new int[pipeline];
        this.start = new long[pipeline];
    }

    /** Writes the encoded commands and empties the encoder. */
    void send(RespEncoder commands) {
        try {
            commands.writeTo(out);
        } catch (IOException e) {
            throw broken(e);
        }
    }

    /** Bytes readable without blocking (buffered or in the socket). */
    int available() {
        try {
            return replies.available();
        } catch (IOException e) {
            throw broken(e);
        }
    }

    /**
     * Reads one reply: {@link #NIL} for a nil bulk or integer 0 (EXISTS), {@link #VALUE} for a bulk or
     * a positive integer, {@link #OK} for a status. An error reply throws {@link ReplyError}.
     */
    int read() {
        int r = next();
        return switch (r) {
            case RespReader.BULK -> VALUE;
            case RespReader.NIL -> NIL;
            case RespReader.STATUS -> OK;
            case RespReader.INTEGER -> replies.integer() > 0 ? VALUE : NIL;
            default -> throw new ReplyError("unexpected reply (an array)");
        };
    }

    /** Reads an integer reply (e.g. UNLINK's count). */
    long readLong() {
        if (next() == RespReader.INTEGER) {
            return replies.integer();
        }
        throw new ReplyError("expected an integer reply");
    }

    private int next() {
        int r;
        try {
            r = replies.read();
        } catch (IOException e) {
            throw broken(e);
        }
        if (r == RespReader.ERROR) {
            throw new ReplyError(replies.error());
        }
        return r;
    }

    /** Reported like Jedis' own streams report it, so the messages stay those of RedisErrors. */
    private static JedisConnectionException broken(IOException e) {
        return e instanceof EOFException ? new JedisConnectionException("Unexpected end of stream.")
                : new JedisConnectionException(e);
    }

    /** Closes the socket (also from another thread: a blocked read fails at once). */
    @Override
    public void close() {
        connection.close();
    }

    void add(byte k, int keyIndex, long startNanos) {
        kind[inFlight] = k;
        key[inFlight] = keyIndex;
        start[inFlight] = startNanos;
        inFlight++;
    }

    int deferred() {
        return size;
    }

    long nextDue() {
        return deferredDue[head];
    }

    void defer(int keyIndex, long due) {
        if (size == deferredKey.length) {
            int[] k = new int[size * 2];
            long[] d = new long[size * 2];
            for (int i = 0; i < size; i++) {
                k[i] = deferredKey[(head + i) % size];
                d[i] = deferredDue[(head + i) % size];
            }
            deferredKey = k;
            deferredDue = d;
            head = 0;
        }
        int at = (head + size) % deferredKey.length;
        deferredKey[at] = keyIndex;
        deferredDue[at] = due;
        size++;
    }

    /** Removes the oldest deferred SET and returns its key. */
    int popDeferred() {
        int k = deferredKey[head];
        head = (head + 1) % deferredKey.length;
        size--;
        return k;
    }

    /** An error reply from the server (e.g. OOM, MOVED, NOPERM). */
    static final class ReplyError extends RuntimeException {
        ReplyError(String message) {
            super(message, null, false, false);
        }
    }
}
