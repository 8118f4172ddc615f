package io.cachectl.scan;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.Connector;
import io.cachectl.connect.Node;
import io.cachectl.connect.RedisUrl;
import io.cachectl.connect.Target;
import io.cachectl.output.Progress;
import io.cachectl.testing.RedisCluster;
import io.cachectl.testing.RedisExtension;
import io.cachectl.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.util.JedisClusterCRC16;

class ScannerClusterTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.cluster(3, 1, b -> { });

    static final int KEYS = 6000; // ~2000 per primary: above NodeRun.CHAINS_FROM_KEYS, so the range chains run

    @BeforeAll
    static void data() throws Exception {
        RedisServer seed = redis.cluster().seed();
        try (RedisClusterClient c = RedisClusterClient.create(new HostAndPort(seed.host(), seed.port()));
                ClusterPipeline p = c.pipelined()) {
            for (int i = 0; i < KEYS; i++) {
                if (i % 3 == 0) {
                    p.setex("session:" + i, 600, "s");
                } else {
                    p.set("user:profile:" + i, "v" + i);
                }
            }
            p.sync();
        }
        // replicas catch up before the --replicas test reads them (WAIT gives up silently on a busy machine)
        RedisCluster.awaitReplicasInSync(redis.cluster());
    }

    private static Target target() {
        return Connector.open(ConnectionSettings.of(RedisUrl.parse(redis.cluster().url())));
    }

    private static long sumDbsize() {
        long sum = 0;
        for (RedisServer n : redis.cluster().primaries()) {
            try (Jedis j = n.jedis()) {
                sum += j.dbSize();
            }
        }
        return sum;
    }

    @Test
    void bigkeys_covers_every_primary_and_total_equals_the_sum_of_dbsize() {
        JsonNode r = cli().url(redis.cluster().url()).run("bigkeys", "--json").ok().json();
        assertThat(r.get("mode").asText()).isEqualTo("cluster");
        assertThat(r.get("keys_scanned").asLong()).isEqualTo(KEYS).isEqualTo(sumDbsize());
        assertThat(r.get("nodes")).hasSize(3);
        for (JsonNode n : r.get("nodes")) {
            assertThat(n.get("keys_scanned").asLong()).isPositive().isEqualTo(n.get("dbsize").asLong());
        }
        assertThat(r.at("/scan/nodes/0/method").asText()).isEqualTo("script");
        JsonNode t = cli().url(redis.cluster().url()).run("ttl-audit", "--json").expectExit(0).json();
        assertThat(t.get("keys_scanned").asLong()).isEqualTo(KEYS);
        assertThat(t.at("/no_ttl/keys").asLong()).isEqualTo(KEYS * 2 / 3);
    }

    @Test
    void replicas_option_scans_one_replica_per_primary() {
        JsonNode r = cli().url(redis.cluster().url()).run("ttl-audit", "--replicas", "--json").ok().json();
        assertThat(r.get("keys_scanned").asLong()).isEqualTo(KEYS);
        assertThat(r.at("/scan/nodes")).hasSize(3);
        for (JsonNode n : r.at("/scan/nodes")) {
            assertThat(n.get("role").asText()).isEqualTo("replica");
            assertThat(n.get("method").asText()).isEqualTo("script");
        }
    }

    @Test
    void keys_only_scan_delivers_each_key_with_the_node_that_holds_it() {
        Map<String, Node> seen = new ConcurrentHashMap<>();
        try (Target target = target()) {
            ScanSummary s = new Scanner(target).run(new ScanOptions().match("user:*").count(100),
                    (node, batch) -> batch.forEach(k -> {
                        assertThat(k.type()).isNull();
                        seen.put(new String(k.key(), StandardCharsets.UTF_8), node);
                    }), Progress.none());
            assertThat(s.completed()).isTrue();
            assertThat(s.method()).isEqualTo("scan");
            assertThat(s.hitsAdded()).isZero();
        }
        assertThat(seen).hasSize(KEYS * 2 / 3);
        seen.forEach((key, node) -> assertThat(node.servesSlot(JedisClusterCRC16.getSlot(key))).as(key).isTrue());
    }

    @Test
    void stopping_reports_per_node_cursors_and_resuming_covers_the_rest() {
        Set<String> first = ConcurrentHashMap.newKeySet();
        AtomicInteger batches = new AtomicInteger();
        String cursor;
        try (Target target = target()) {
            ScanSummary s = new Scanner(target).run(new ScanOptions().count(50).probes(Probe.TTL)
                    .allowScript(false).stopWhen(() -> batches.get() >= 3),
                    (node, batch) -> {
                        batches.incrementAndGet();
                        batch.forEach(k -> first.add(new String(k.key(), StandardCharsets.UTF_8)));
                    }, Progress.none());
            assertThat(s.completed()).isFalse();
            assertThat(s.interrupted()).isTrue();
            cursor = s.resumeCursor();
            assertThat(cursor.split(",")).hasSize(3);
        }
        Set<String> rest = new HashSet<>();
        try (Target target = target()) {
            ScanSummary s = new Scanner(target).run(new ScanOptions().count(500).probes(Probe.TTL)
                    .cursors(Cursors.parse(cursor)),
                    (node, batch) -> {
                        synchronized (rest) {
                            batch.forEach(k -> rest.add(new String(k.key(), StandardCharsets.UTF_8)));
                        }
                    }, Progress.none());
            assertThat(s.completed()).isTrue();
        }
        rest.addAll(first);
        assertThat(rest).hasSize(KEYS);
    }
}
