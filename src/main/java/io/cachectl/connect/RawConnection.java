package io.cachectl.connect;

import io.cachectl.error.CachectlException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.Protocol;

/**
 * A connection for callers that speak RESP themselves (warm's streaming writer): Jedis does the
 * handshake (TLS, AUTH, SELECT, client name) exactly as for every other connection, then the
 * socket's own streams are handed over. One thread may write while another reads. Unbuffered:
 * write in large blocks.
 */
public final class RawConnection implements AutoCloseable {
    private final Connection connection;
    private final Socket socket;
    private final String address;

    private RawConnection(Connection connection, Socket socket, String address) {
        this.connection = connection;
        this.socket = socket;
        this.address = address;
    }

    static RawConnection open(HostAndPort hp, JedisClientConfig config, String where) {
        Socket[] made = new Socket[1];
        JedisSocketFactory plain = new DefaultJedisSocketFactory(hp, config);
        JedisSocketFactory recording = () -> {
            Socket s = plain.createSocket();
            made[0] = s;
            return s;
        };
        Connection c = null;
        try {
            c = new Connection(recording, config);
            c.executeCommand(Protocol.Command.PING); // connects and authenticates now, so failures surface here
            if (made[0] == null) {
                throw new IllegalStateException("no socket");
            }
            return new RawConnection(c, made[0], where);
        } catch (RuntimeException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (RuntimeException ignored) {
                    // already failing
                }
            }
            throw e instanceof CachectlException ce ? ce : RedisErrors.map(e, where);
        }
    }

    public InputStream in() throws IOException {
        return socket.getInputStream();
    }

    public OutputStream out() throws IOException {
        return socket.getOutputStream();
    }

    /** host:port, for messages. */
    public String address() {
        return address;
    }

    /** Closes the socket: a thread blocked reading or writing it gets an IOException. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            connection.close();
        } catch (RuntimeException ignored) {
            // the socket is gone already
        }
    }
}
