package io.cachectl.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Cluster of {@link RedisServer} nodes on loopback, created with {@code redis-cli --cluster create}.
 * {@link #start} returns only once every node reports {@code cluster_state:ok}, all 16384 slots are assigned,
 * every node knows every other node with the final roles, and every replica's link to its primary is up.
 */
public final class RedisCluster implements AutoCloseable {

    private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(20);

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Starts a cluster of {@code primaries} primaries (at least 3) without replicas. */
    public static RedisCluster start(int primaries) {
        return start(primaries, 0);
    }

    /** Starts a cluster of {@code primaries} primaries (at least 3) with {@code replicasPerPrimary} replicas each. */
    public static RedisCluster start(int primaries, int replicasPerPrimary) {
        return start(primaries, replicasPerPrimary, b -> { });
    }

    /**
     * Starts a cluster; {@code customizer} is applied to every node's builder (e.g. {@code b -> b.maxmemory("10mb")}
     * or {@code b -> b.requirePass("pw")}; the password is used for cluster creation and replication).
     */
    public static RedisCluster start(int primaries, int replicasPerPrimary, Consumer<RedisServer.Builder> customizer) {
        if (primaries < 3 || replicasPerPrimary < 0) {
            throw new IllegalArgumentException("need >= 3 primaries and >= 0 replicas per primary");
        }
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < primaries * (1 + replicasPerPrimary); i++) {
                RedisServer.Builder builder = RedisServer.builder();
                customizer.accept(builder);
                nodes.add(builder.clusterEnabled().start());
            }
            List<String> args = new ArrayList<>(List.of("--cluster", "create"));
            nodes.forEach(n -> args.add(n.host() + ":" + n.port()));
            args.addAll(List.of("--cluster-replicas", String.valueOf(replicasPerPrimary), "--cluster-yes"));
            nodes.get(0).cli(args.toArray(String[]::new));
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.awaitConverged(primaries, replicasPerPrimary);
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(RedisServer::stop);
            throw e;
        }
    }

    /** @return all nodes, in start order. */
    public List<RedisServer> nodes() {
        return nodes;
    }

    /** @return the nodes that are primaries according to the seed's current {@code CLUSTER NODES}. */
    public List<RedisServer> primaries() {
        Set<Integer> ports = clusterNodes(seed()).stream()
                .filter(line -> flags(line).contains("master"))
                .map(RedisCluster::port)
                .collect(Collectors.toSet());
        return nodes.stream().filter(n -> ports.contains(n.port())).collect(Collectors.toList());
    }

    /**
     * Waits (up to 30 s) until every replica's link to its primary is up and its DBSIZE equals its
     * primary's: WAIT alone gives up silently when a busy machine delays the initial sync.
     */
    public static void awaitReplicasInSync(RedisCluster cluster) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            boolean synced = true;
            for (RedisServer n : cluster.nodes()) {
                try (redis.clients.jedis.Jedis j = n.jedis()) {
                    io.cachectl.connect.Info repl = io.cachectl.connect.Info.parse(j.info("replication"));
                    if (!"slave".equals(repl.get("role"))) {
                        continue;
                    }
                    int port = (int) repl.getLong("master_port");
                    RedisServer primary = cluster.nodes().stream().filter(x -> x.port() == port).findFirst().orElseThrow();
                    long primarySize;
                    try (redis.clients.jedis.Jedis p = primary.jedis()) {
                        primarySize = p.dbSize();
                    }
                    synced &= "up".equals(repl.get("master_link_status")) && j.dbSize() == primarySize;
                }
            }
            if (synced) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replicas not in sync with their primaries after 30 s");
            }
            RedisServer.sleep(100);
        }
    }

    /** @return the first node. */
    public RedisServer seed() {
        return nodes.get(0);
    }

    /** @return the seed node's URL. */
    public String url() {
        return seed().url();
    }

    /** Stops all nodes by pid. Idempotent. */
    public void stop() {
        nodes.forEach(RedisServer::stop);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void awaitConverged(int primaries, int replicasPerPrimary) {
        long deadline = System.nanoTime() + CONVERGE_TIMEOUT.toNanos();
        String lastState = "";
        while (System.nanoTime() < deadline) {
            lastState = nodes.stream().map(n -> divergence(n, primaries, replicasPerPrimary))
                    .filter(s -> !s.isEmpty()).findFirst().orElse("");
            if (lastState.isEmpty()) {
                return;
            }
            RedisServer.sleep(100);
        }
        throw new IllegalStateException("cluster did not converge within " + CONVERGE_TIMEOUT.toSeconds() + " s: "
                + lastState);
    }

    /** @return empty if the node's view is final, else a description of what is still missing. */
    private String divergence(RedisServer node, int primaries, int replicasPerPrimary) {
        try (Jedis jedis = node.jedis()) {
            String info = jedis.clusterInfo();
            List<String> lines = clusterNodes(jedis);
            long masters = lines.stream().filter(l -> flags(l).contains("master")).count();
            long replicas = lines.stream().filter(l -> flags(l).contains("slave")).count();
            boolean ok = info.contains("cluster_state:ok")
                    && info.contains("cluster_slots_assigned:16384")
                    && info.contains("cluster_known_nodes:" + nodes.size() + "\r")
                    && masters == primaries && replicas == (long) primaries * replicasPerPrimary;
            boolean isReplica = lines.stream().anyMatch(l -> flags(l).contains("myself") && flags(l).contains("slave"));
            if (ok && isReplica) {
                ok = jedis.info("replication").contains("master_link_status:up");
            }
            return ok ? "" : node + " sees masters=" + masters + " replicas=" + replicas + "\n" + info;
        } catch (RuntimeException e) {
            return node + ": " + e;
        }
    }

    private static List<String> clusterNodes(RedisServer node) {
        try (Jedis jedis = node.jedis()) {
            return clusterNodes(jedis);
        }
    }

    private static List<String> clusterNodes(Jedis jedis) {
        return Arrays.asList(jedis.clusterNodes().trim().split("\n"));
    }

    /** Flags column of a {@code CLUSTER NODES} line, e.g. {@code myself,master}. */
    private static List<String> flags(String line) {
        return Arrays.asList(line.split(" ")[2].split(","));
    }

    /** Client port from the address column {@code ip:port@cport[,hostname]}. */
    private static int port(String line) {
        String addr = line.split(" ")[1];
        return Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1, addr.indexOf('@')));
    }
}
