package io.cachectl.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.Connector;
import io.cachectl.connect.RedisUrl;
import io.cachectl.connect.Target;
import io.cachectl.output.Progress;
import io.cachectl.testing.RedisExtension;
import io.cachectl.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;

/**
 * Issue 11 D8: a resume cursor printed before a failover names the old primary. The resume finds the
 * shard's new primary by the slot the cursor names, and — because a SCAN cursor is a position in one
 * server process's tables — scans that shard from the start, saying so, while the other shards continue.
 */
class ScanResumeAfterFailoverTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.cluster(3, 1, b -> { });

    static final int KEYS = 6000;

    private static Target target() {
        return Connector.open(ConnectionSettings.of(RedisUrl.parse(redis.cluster().url())));
    }

    @Test
    void a_cursor_saved_before_a_failover_resumes_on_the_new_primary_and_rescans_only_that_shard() throws Exception {
        RedisServer seed = redis.cluster().seed();
        try (RedisClusterClient c = RedisClusterClient.create(new HostAndPort(seed.host(), seed.port()));
                ClusterPipeline p = c.pipelined()) {
            for (int i = 0; i < KEYS; i++) {
                p.set("user:profile:" + i, "v");
            }
            p.sync();
        }
        io.cachectl.testing.RedisCluster.awaitReplicasInSync(redis.cluster());
        Map<String, Integer> first = new ConcurrentHashMap<>();
        AtomicInteger batches = new AtomicInteger();
        String cursor;
        try (Target target = target()) {
            ScanSummary s = new Scanner(target).run(new ScanOptions().probes(Probe.TTL).count(40)
                    .stopWhen(() -> batches.get() >= 6), (node, batch) -> {
                        batches.incrementAndGet();
                        batch.forEach(k -> first.merge(new String(k.key(), StandardCharsets.UTF_8), 1, Integer::sum));
                    }, Progress.none());
            assertThat(s.completed()).isFalse();
            cursor = s.resumeCursor();
        }
        // fail over the shard of slot 0: its replica becomes the primary
        RedisServer oldPrimary = redis.cluster().primaries().stream()
                .filter(n -> cursor.contains("127.0.0.1:" + n.port() + "@0#")).findFirst().orElseThrow();
        RedisServer replica = replicaOf(oldPrimary);
        try (Jedis j = replica.jedis()) {
            j.clusterFailover();
        }
        awaitPrimary(replica, Duration.ofSeconds(20));

        Map<String, Integer> rest = new HashMap<>();
        Set<String> fromMoved = new HashSet<>();
        String movedAddress = "127.0.0.1:" + replica.port();
        ScanSummary resumed;
        try (Target target = target()) {
            resumed = new Scanner(target).run(new ScanOptions().probes(Probe.TTL).cursors(Cursors.parse(cursor)),
                    (node, batch) -> {
                        synchronized (rest) {
                            for (KeyInfo k : batch) {
                                String key = new String(k.key(), StandardCharsets.UTF_8);
                                rest.merge(key, 1, Integer::sum);
                                if (node.address().equals(movedAddress)) {
                                    fromMoved.add(key);
                                }
                            }
                        }
                    }, Progress.none());
        }
        assertThat(resumed.completed()).isTrue();
        assertThat(resumed.error()).isNull();
        assertThat(resumed.notes()).anySatisfy(n -> assertThat(n).contains("127.0.0.1:" + replica.port(),
                "took over from 127.0.0.1:" + oldPrimary.port(), "scanned from the start"));
        NodeScan moved = resumed.nodes().stream().filter(n -> n.node().equals("127.0.0.1:" + replica.port()))
                .findFirst().orElseThrow();
        assertThat(moved.keysScanned()).as("the failed-over shard, whole").isEqualTo(moved.dbsize());
        // every other shard continued where it stopped: nothing twice, nothing missed
        Set<String> all = new HashSet<>(rest.keySet());
        all.addAll(first.keySet());
        assertThat(all).hasSize(KEYS);
        assertThat(rest.values()).allMatch(n -> n == 1);
        Set<String> repeated = new HashSet<>(first.keySet());
        repeated.retainAll(rest.keySet());
        Set<String> movedFirst = new HashSet<>(first.keySet());
        movedFirst.retainAll(fromMoved);
        assertThat(repeated).as("only the failed-over shard's keys come again").isEqualTo(movedFirst);
    }

    private static RedisServer replicaOf(RedisServer primary) {
        String id;
        try (Jedis j = primary.jedis()) {
            id = j.clusterMyId();
        }
        for (RedisServer n : redis.cluster().nodes()) {
            try (Jedis j = n.jedis()) {
                String info = j.info("replication");
                if (info.contains("role:slave") && j.clusterNodes().lines()
                        .anyMatch(l -> l.contains("myself") && l.contains(id))) {
                    return n;
                }
            }
        }
        throw new IllegalStateException("no replica of " + primary.port());
    }

    private static void awaitPrimary(RedisServer node, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Jedis j = node.jedis()) {
                if (j.info("replication").contains("role:master")
                        && redis.cluster().nodes().stream().allMatch(n -> seesAsPrimary(n, node))) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("failover of " + node.port() + " did not complete");
    }

    private static boolean seesAsPrimary(RedisServer observer, RedisServer node) {
        try (Jedis j = observer.jedis()) {
            return j.clusterNodes().lines().anyMatch(l -> l.contains(":" + node.port() + "@") && l.contains("master"));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
