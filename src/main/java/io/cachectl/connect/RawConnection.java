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
 * A connection for callers that speak RESP themselves with {@code connect/resp} (warm's lanes,
 * bench's load engine and pre-load): Jedis does the handshake (TLS, AUTH, SELECT, client name)
 * exactly as for every other connection, through its public {@link JedisSocketFactory}, then the
 * socket's own streams are handed over. One thread may write while another reads. Unbuffered:
 * write in large blocks (a {@link io.cachectl.connect.resp.RespEncoder}'s buffer).
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

    /**
     * {@code firstContact}: map a failure of the handshake like {@link Connector#connect} does (a
     * closed connection or a timeout there often means the wrong protocol, TLS or plain).
     */
    static RawConnection open(HostAndPort hp, JedisClientConfig config, String where, boolean firstContact) {
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
            throw e instanceof CachectlException ce ? ce
                    : firstContact ? RedisErrors.mapFirstContact(e, where, config.isSsl()) : RedisErrors.map(e, where);
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
