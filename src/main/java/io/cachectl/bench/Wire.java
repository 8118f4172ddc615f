package io.cachectl.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.RedisInputStream;
import redis.clients.jedis.util.RedisOutputStream;

/**
 * Raw RESP on a connection opened by {@code connect/} (so TLS and AUTH are already done): commands
 * are written as pre-encoded bytes and replies are parsed without allocating, which is what lets
 * one load thread drive many connections faster than redis-benchmark. Jedis' own
 * {@code sendCommand}/{@code getOne} allocate a CommandArguments and a reply object per command;
 * here we reach the connection's buffered streams (private fields of Jedis 8's {@link Connection},
 * read once per connection).
 */
final class Wire implements AutoCloseable {
    /** Reply kinds the engine cares about. */
    static final int NIL = 0;
    static final int VALUE = 1;
    static final int OK = 2;

    private static final VarHandle IN;
    private static final VarHandle OUT;

    static {
        VarHandle in = null;
        VarHandle out = null;
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(Connection.class, MethodHandles.lookup());
            in = l.findVarHandle(Connection.class, "inputStream", RedisInputStream.class);
            out = l.findVarHandle(Connection.class, "outputStream", RedisOutputStream.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // checked by available(): a Jedis without these fields cannot be driven raw
        }
        IN = in;
        OUT = out;
    }

    private final Jedis jedis;
    private final RedisInputStream in;
    private final RedisOutputStream out;
    private final byte[] scratch = new byte[16 * 1024];

    Wire(Jedis jedis) {
        if (IN == null || OUT == null) {
            throw new IllegalStateException("this Jedis version hides its connection streams; bench needs Jedis 8.0");
        }
        this.jedis = jedis;
        Connection c = jedis.getConnection();
        this.in = (RedisInputStream) IN.get(c);
        this.out = (RedisOutputStream) OUT.get(c);
    }

    void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new JedisConnectionException(e);
        }
    }

    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new JedisConnectionException(e);
        }
    }

    /** Bytes readable without blocking (buffered or in the socket). */
    int available() {
        try {
            return in.available();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an integer reply (e.g. UNLINK's count). */
    long readLong() {
        byte b = in.readByte();
        if (b == ':') {
            return in.readLongCrLf();
        }
        throw new RedisReplyException(b == '-' ? in.readLine() : "expected an integer reply, got '" + (char) b + "'");
    }

    /** Reads one reply: {@link #NIL} for a nil bulk, {@link #VALUE} for a bulk, {@link #OK} for status/integer. */
    int read() {
        byte b = in.readByte();
        switch (b) {
            case '$' -> {
                int n = in.readIntCrLf();
                if (n < 0) {
                    return NIL;
                }
                int left = n + 2;
                while (left > 0) {
                    int r = in.read(scratch, 0, Math.min(left, scratch.length));
                    left -= r;
                }
                return VALUE;
            }
            case '+' -> {
                in.readLineBytes();
                return OK;
            }
            case ':' -> {
                return in.readLongCrLf() > 0 ? VALUE : NIL;
            }
            case '_' -> {
                in.readLineBytes();
                return NIL;
            }
            case '-' -> throw new RedisReplyException(in.readLine());
            default -> throw new RedisReplyException("unexpected reply type '" + (char) b + "'");
        }
    }

    @Override
    public void close() {
        try {
            jedis.close();
        } catch (RuntimeException ignored) {
            // closing a broken connection must not hide the real error
        }
    }

    /** An error reply from the server (e.g. OOM, MOVED, NOPERM). */
    static final class RedisReplyException extends RuntimeException {
        RedisReplyException(String message) {
            super(message, null, false, false);
        }
    }
}
