package io.cachectl.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A Sentinel setup on loopback: one primary, one replica and three real {@code redis-sentinel} processes
 * ({@code valkey-sentinel} with {@code -Dcachectl.server=valkey}) monitoring it as {@value #MASTER}, quorum 2.
 * {@link #failover()} runs {@code SENTINEL FAILOVER} and waits until every sentinel names the new primary.
 * {@link #close()} stops every process by pid and deletes the temp dirs.
 */
public final class RedisSentinels implements AutoCloseable {
    public static final String MASTER = "mymaster";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final java.util.Set<RedisSentinels> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> List.copyOf(RUNNING).forEach(RedisSentinels::close), "redis-sentinel-reaper"));
    }

    private final List<RedisServer> servers;
    private final List<Process> sentinels = new ArrayList<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private final Path dir;
    private final String password;

    private RedisSentinels(List<RedisServer> servers, Path dir, String password) {
        this.servers = servers;
        this.dir = dir;
        this.password = password;
    }

    /** Starts the primary, the replica (synced) and three sentinels that know both and each other. */
    public static RedisSentinels start() {
        return start(null);
    }

    /**
     * The same with {@code password} (when not null) required everywhere: requirepass/masterauth on
     * both servers, and on the sentinels (requirepass, sentinel-pass, auth-pass).
     */
    public static RedisSentinels start(String password) {
        RedisServer.Builder pb = RedisServer.builder();
        if (password != null) {
            pb.requirePass(password);
        }
        RedisServer primary = pb.start();
        RedisSentinels s = null;
        try {
            RedisServer.Builder rb = RedisServer.builder().arg("--replicaof", RedisServer.HOST, String.valueOf(primary.port()))
                    .arg("--repl-diskless-sync-delay", "0");
            if (password != null) {
                rb.requirePass(password);
            }
            RedisServer replica = rb.start();
            s = new RedisSentinels(List.of(primary, replica), Files.createTempDirectory("cachectl-sentinel-"), password);
            RUNNING.add(s);
            awaitReplicaSynced(replica);
            for (int i = 0; i < 3; i++) {
                s.launchSentinel(i, primary.port());
            }
            s.awaitSentinelsReady();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (s != null) {
                s.close();
            } else {
                primary.close();
            }
            throw e;
        }
    }

    /** {@code redis-sentinel://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3?master=mymaster}. */
    public String url() {
        return "redis-sentinel://" + sentinelPorts.stream().map(p -> RedisServer.HOST + ":" + p)
                .collect(Collectors.joining(",")) + "?master=" + MASTER;
    }

    public List<Integer> sentinelPorts() {
        return List.copyOf(sentinelPorts);
    }

    /** The server the sentinels name as primary now. */
    public RedisServer primary() {
        int port = primaryPort(0);
        return servers.stream().filter(s -> s.port() == port).findFirst().orElseThrow();
    }

    /** The other server (a replica of {@link #primary()}). */
    public RedisServer replica() {
        int port = primaryPort(0);
        return servers.stream().filter(s -> s.port() != port).findFirst().orElseThrow();
    }

    /** {@code host:port} of a server. */
    public static String address(RedisServer s) {
        return RedisServer.HOST + ":" + s.port();
    }

    /**
     * {@code SENTINEL FAILOVER} on the first sentinel; returns when every sentinel names the replica as
     * primary and it answers as one (up to 30 s). Returns the new primary.
     */
    public RedisServer failover() {
        RedisServer next = replica();
        try (Jedis s = sentinel(0)) {
            s.sentinelFailover(MASTER);
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int i = 0; i < sentinelPorts.size() && all; i++) {
                all = primaryPort(i) == next.port();
            }
            if (all && role(next).equals("master")) {
                return next;
            }
            RedisServer.sleep(100);
        }
        throw new IllegalStateException("failover to " + address(next) + " not seen by every sentinel within "
                + READY_TIMEOUT.toSeconds() + " s\n" + logs());
    }

    /** A connection to sentinel {@code i}; the caller closes it. */
    public Jedis sentinel(int i) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder().connectionTimeoutMillis(2000)
                .socketTimeoutMillis(5000).clientSetInfoConfig(redis.clients.jedis.ClientSetInfoConfig.DISABLED);
        return new Jedis(new HostAndPort(RedisServer.HOST, sentinelPorts.get(i)),
                (password == null ? b : b.password(password)).build());
    }

    private int primaryPort(int sentinel) {
        try (Jedis s = sentinel(sentinel)) {
            List<String> addr = s.sentinelGetMasterAddrByName(MASTER);
            return Integer.parseInt(addr.get(1));
        }
    }

    private static String role(RedisServer s) {
        try (Jedis j = s.jedis()) {
            return j.role().get(0).toString();
        } catch (RuntimeException e) {
            return "down";
        }
    }

    private void launchSentinel(int i, int primaryPort) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(RedisServer.HOST))) {
            port = socket.getLocalPort();
        }
        Path d = dir.resolve("sentinel-" + i);
        Files.createDirectories(d);
        Path conf = d.resolve("sentinel.conf");
        Files.writeString(conf, String.join("\n",
                "port " + port,
                "bind " + RedisServer.HOST,
                "protected-mode no",
                "daemonize no",
                "dir " + d,
                "logfile " + d.resolve("sentinel.log"),
                "sentinel monitor " + MASTER + " " + RedisServer.HOST + " " + primaryPort + " 2",
                "sentinel down-after-milliseconds " + MASTER + " 2000",
                "sentinel failover-timeout " + MASTER + " 10000",
                "sentinel parallel-syncs " + MASTER + " 1",
                password == null ? "" : "requirepass " + password,
                password == null ? "" : "sentinel sentinel-pass " + password,
                password == null ? "" : "sentinel auth-pass " + MASTER + " " + password, ""), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(RedisServer.binary("redis-sentinel"), conf.toString())
                .directory(d.toFile()).redirectErrorStream(true).redirectOutput(d.resolve("stdout.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        sentinels.add(p);
        sentinelPorts.add(port);
    }

    private static void awaitReplicaSynced(RedisServer replica) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Jedis j = replica.jedis()) {
                if (j.info("replication").contains("master_link_status:up")) {
                    return;
                }
            }
            RedisServer.sleep(50);
        }
        throw new IllegalStateException("replica " + address(replica) + " did not sync with its primary");
    }

    /** Every sentinel answers, knows the replica and the two other sentinels. */
    private void awaitSentinelsReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean ready = true;
            for (int i = 0; i < sentinelPorts.size() && ready; i++) {
                if (!sentinels.get(i).isAlive()) {
                    throw new IllegalStateException("sentinel " + i + " exited\n" + logs());
                }
                try (Jedis s = sentinel(i)) {
                    Map<String, String> m = s.sentinelMaster(MASTER);
                    ready = "2".equals(m.get("num-other-sentinels")) && "1".equals(m.get("num-slaves"))
                            && s.sentinelReplicas(MASTER).stream().allMatch(r -> "ok".equals(r.get("master-link-status"))
                                    && "slave".equals(r.get("flags")));
                } catch (RuntimeException e) {
                    ready = false;
                }
            }
            if (ready) {
                return;
            }
            RedisServer.sleep(100);
        }
        throw new IllegalStateException("sentinels not ready within " + READY_TIMEOUT.toSeconds() + " s\n" + logs());
    }

    private String logs() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sentinelPorts.size(); i++) {
            Path log = dir.resolve("sentinel-" + i).resolve("sentinel.log");
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                sb.append("--- sentinel ").append(i).append(" (tail) ---\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())))
                        .append('\n');
            } catch (IOException e) {
                sb.append("(no log for sentinel ").append(i).append(")\n");
            }
        }
        return sb.toString();
    }

    /** Stops the sentinels and both servers by pid, deletes the temp dirs. */
    @Override
    public void close() {
        RUNNING.remove(this);
        for (Process p : sentinels) {
            ProcessHandle.of(p.pid()).ifPresent(h -> {
                h.destroy();
                try {
                    h.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
        }
        servers.forEach(RedisServer::close);
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
