package io.cachectl.connect;

import io.cachectl.error.CachectlException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The server or cluster cachectl talks to. The only way other packages reach Redis: they ask for
 * a node list ({@link #primaries()}, {@link #replicas()}, {@link #nodes()}) and open connections
 * to nodes; URLs, TLS, auth and topology stay in this package.
 */
public final class Target implements AutoCloseable {
    public enum Mode { STANDALONE, CLUSTER }

    private final ConnectionSettings settings;
    private final JedisClientConfig config;
    private final Mode mode;
    private final List<Node> nodes;
    private final Info seedInfo;
    private final Jedis seed;
    private Capabilities capabilities;
    private UnifiedJedis keyClient;
    private Sentinels sentinels;

    Target(ConnectionSettings settings, JedisClientConfig config, Mode mode, List<Node> nodes, Info seedInfo,
            Jedis seed) {
        this.settings = settings;
        this.config = config;
        this.mode = mode;
        this.nodes = List.copyOf(nodes);
        this.seedInfo = seedInfo;
        this.seed = seed;
    }

    /** The URL with the password masked: safe to print anywhere (a Sentinel target: the sentinels' URL). */
    public String masked() {
        return settings.masked();
    }

    void sentinels(Sentinels s) {
        this.sentinels = s;
    }

    /** The sentinels this target was found through; null unless the URL was redis-sentinel://. */
    public Sentinels sentinels() {
        return sentinels;
    }

    /**
     * A Sentinel target: the primary the sentinels name now when it is no longer this target's server
     * (a failover happened), else null. Exit 3 when no sentinel answers.
     */
    public String movedPrimary() {
        if (sentinels == null) {
            return null;
        }
        String now = Sentinels.address(sentinels.primary());
        return now.equals(nodes.get(0).address()) ? null : now;
    }

    /** Opens this target again from its settings (a Sentinel target: asks the sentinels afresh). */
    public Target reopen() {
        return Connector.open(settings);
    }

    public Mode mode() {
        return mode;
    }

    public boolean isCluster() {
        return mode == Mode.CLUSTER;
    }

    public int db() {
        return settings.url().db();
    }

    public String version() {
        return seedInfo.version();
    }

    /** {@code redis} or {@code valkey} (the URL's server; see {@link Info#server()}). */
    public String server() {
        return seedInfo.server();
    }

    /** {@code Redis 7.0.15}, {@code Valkey 8.0.1}. */
    public String product() {
        return seedInfo.product();
    }

    public int versionNumber() {
        return seedInfo.versionNumber();
    }

    public ConnectionSettings settings() {
        return settings;
    }

    /** Every known node: primaries first, then replicas. */
    public List<Node> nodes() {
        return nodes;
    }

    /**
     * The servers holding the data: every primary of a cluster; on a standalone target, the server
     * the URL names (whatever its role).
     */
    public List<Node> primaries() {
        return mode == Mode.STANDALONE ? List.of(nodes.get(0)) : nodes.stream().filter(Node::isPrimary).toList();
    }

    /** Replicas: of every primary in a cluster, or those the standalone server lists. */
    public List<Node> replicas() {
        return nodes.stream().filter(n -> !n.isPrimary()).toList();
    }

    /** The cluster slot of {@code key} (CRC16 of its hash tag, as Redis computes it). */
    public static int slot(byte[] key) {
        return JedisClusterCRC16.getSlot(key);
    }

    /**
     * The primary that owns {@code key}: by slot in a cluster, the one server otherwise. Null when
     * no known primary serves the slot (topology changed: callers refresh or follow MOVED).
     */
    public Node primaryFor(byte[] key) {
        if (mode == Mode.STANDALONE) {
            return nodes.get(0);
        }
        int slot = slot(key);
        for (Node n : nodes) {
            if (n.isPrimary() && n.servesSlot(slot)) {
                return n;
            }
        }
        return null;
    }

    /**
     * A client for key-routed commands that follows MOVED/ASK by itself: a cluster client in a
     * cluster, a pooled client otherwise. Built on first use; closed with the target.
     */
    public synchronized UnifiedJedis keyClient() {
        if (keyClient == null) {
            if (mode == Mode.CLUSTER) {
                Set<HostAndPort> seeds = new HashSet<>();
                primaries().forEach(n -> seeds.add(new HostAndPort(n.host(), n.port())));
                keyClient = RedisClusterClient.builder().nodes(seeds).clientConfig(config).build();
            } else {
                Node n = nodes.get(0);
                keyClient = RedisClient.builder().hostAndPort(new HostAndPort(n.host(), n.port()))
                        .clientConfig(config).build();
            }
        }
        return keyClient;
    }

    /** The connection opened at start-up to the URL's server; owned by the target. */
    public Jedis seed() {
        return seed;
    }

    /** What the server refuses (probed once, on the seed). */
    public synchronized Capabilities capabilities() {
        if (capabilities == null) {
            try {
                capabilities = Capabilities.probe(seed, seedInfo.versionNumber());
            } catch (RuntimeException e) {
                throw RedisErrors.map(e, nodes.get(0).address());
            }
        }
        return capabilities;
    }

    /**
     * The cluster's primaries as {@code via} sees them now (after a failover or a resharding), with
     * their slots. Failures map to exit 3.
     */
    public List<Node> primariesSeenBy(Node via) {
        try (Jedis jedis = open(via)) {
            return ClusterNodes.parse(jedis.clusterNodes(), via.host()).stream().filter(Node::isPrimary).toList();
        } catch (RuntimeException e) {
            throw RedisErrors.map(e, via.address());
        }
    }

    /** A new connection to {@code node}; the caller closes it. Failures map to exit 3. */
    public Jedis open(Node node) {
        return Connector.connect(new HostAndPort(node.host(), node.port()), config, node.address());
    }

    /** A new connection to {@code address}, e.g. the new owner a MOVED reply names; the caller closes it. */
    public Jedis open(HostAndPort address) {
        return Connector.connect(address, config, address.getHost() + ":" + address.getPort());
    }

    /**
     * A new connection for reading keys on {@code node}: a cluster replica answers reads only after
     * READONLY (otherwise MOVED). Primaries get it too, so that one demoted by a failover mid-scan
     * keeps answering the scan's reads (and its scripts' key lookups) on the same cursor, exactly; on a
     * primary READONLY changes nothing. The caller closes it.
     */
    public Jedis openForReads(Node node) {
        Jedis jedis = open(node);
        if (isCluster()) {
            try {
                jedis.readonly();
            } catch (RuntimeException e) {
                jedis.close();
                throw RedisErrors.map(e, node.address());
            }
        }
        return jedis;
    }

    /**
     * A new connection to {@code node} whose socket streams the caller reads and writes itself
     * (RESP spoken directly, for bulk loads); the caller closes it. Failures map to exit 3.
     */
    public RawConnection openRaw(Node node) {
        return RawConnection.open(new HostAndPort(node.host(), node.port()), config, node.address(), false);
    }

    /**
     * Like {@link #openRaw}, with a failure mapped like {@link #open}'s (the first contact with a
     * node: a closed connection or a timeout there is named as a likely TLS/plain mix-up).
     */
    public RawConnection openRawFirst(Node node) {
        return RawConnection.open(new HostAndPort(node.host(), node.port()), config, node.address(), true);
    }

    /** Runs {@code work} on each node in parallel, one connection per node, results in node order. */
    public <T> Map<Node, T> onEach(List<Node> targets, Function<Jedis, T> work) {
        return parallel(targets, node -> {
            try (Jedis jedis = open(node)) {
                return work.apply(jedis);
            } catch (CachectlException e) {
                throw e;
            } catch (RuntimeException e) {
                throw RedisErrors.map(e, node.address());
            }
        });
    }

    /**
     * Runs {@code work} for each node on its own thread and waits for all; the first failure is
     * rethrown after every task has finished (so none is left running).
     */
    public static <T> Map<Node, T> parallel(List<Node> targets, Function<Node, T> work) {
        Map<Node, T> results = new LinkedHashMap<>();
        if (targets.size() == 1) {
            results.put(targets.get(0), work.apply(targets.get(0)));
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(targets.size(), 32), r -> {
            Thread t = new Thread(r, "cachectl-node");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Node n : targets) {
                futures.add(pool.submit(() -> work.apply(n)));
            }
            RuntimeException first = null;
            for (int i = 0; i < targets.size(); i++) {
                try {
                    results.put(targets.get(i), futures.get(i).get());
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException re ? re
                                : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    futures.forEach(f -> f.cancel(true));
                    throw new CachectlException(130, "interrupted");
                }
            }
            if (first != null) {
                throw first;
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        try {
            if (keyClient != null) {
                keyClient.close();
            }
            seed.close();
        } catch (RuntimeException ignored) {
            // closing a broken connection must not hide the real error
        }
    }
}
