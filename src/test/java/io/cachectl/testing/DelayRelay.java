package io.cachectl.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Added latency where the kernel has no {@code sch_netem}: a TCP relay on the loopback that holds
 * every byte from the client for {@code delayMs} before passing it to the server (replies pass at
 * once), as {@code tc netem delay} on the client's egress would. Order is kept; nothing is dropped.
 * Real sockets on both sides: the client under test and the server see ordinary TCP connections.
 */
public final class DelayRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final String host;
    private final int port;
    private final long delayNanos;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public DelayRelay(String host, int port, long delayMs) throws IOException {
        this.host = host;
        this.port = port;
        this.delayNanos = delayMs * 1_000_000L;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "delay-relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** The relay's address, to put in REDIS_URL instead of the server's. */
    public String url() {
        return "redis://127.0.0.1:" + listener.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(host, port);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, delayNanos);
                pump(server, client, 0);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private record Chunk(long due, byte[] bytes) {
    }

    private void pump(Socket from, Socket to, long delay) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    queue.put(new Chunk(System.nanoTime() + delay, Arrays.copyOf(buf, n)));
                }
            } catch (IOException | InterruptedException e) {
                // closed
            }
            queue.add(new Chunk(0, null)); // end of stream
        }, "delay-relay-read");
        Thread writer = new Thread(() -> {
            try {
                while (true) {
                    Chunk c = queue.take();
                    if (c.bytes() == null) {
                        to.shutdownOutput();
                        return;
                    }
                    long wait = c.due() - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    out.write(c.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // closed
            }
        }, "delay-relay-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
