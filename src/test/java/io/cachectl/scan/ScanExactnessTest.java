package io.cachectl.scan;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.Connector;
import io.cachectl.connect.Node;
import io.cachectl.connect.RedisUrl;
import io.cachectl.connect.Target;
import io.cachectl.error.ExitCode;
import io.cachectl.output.Progress;
import io.cachectl.testing.RedisExtension;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Every key present for the whole scan is delivered exactly once, by every scan method, on a cluster
 * large enough that the cursor-range chains run on every primary. On Valkey 8 (and Redis 7.4+) a
 * cluster node keeps one dictionary per slot, and ranges made for one dictionary overlapped and left
 * gaps there: these tests count every key, not only the totals (which a double count and a miss can
 * balance).
 */
class ScanExactnessTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.cluster(3, 0, b -> { });

    static final int KEYS = 24_000; // ~8,000 per primary: four chains per node, several calls per chain

    @BeforeAll
    static void data() {
        RedisServer seed = redis.cluster().seed();
        try (RedisClusterClient c = RedisClusterClient.create(new HostAndPort(seed.host(), seed.port()));
                ClusterPipeline p = c.pipelined()) {
            for (int i = 0; i < KEYS; i++) {
                switch (i % 4) {
                    case 0 -> p.setex("session:" + i, 600, "s");
                    case 1 -> p.hset("user:profile:" + i, "name", "n" + i);
                    case 2 -> p.sadd("tags:" + i, "a", "b");
                    default -> p.set("page:" + i, "v" + i);
                }
            }
            p.sync();
        }
    }

    private static Target target() {
        return Connector.open(ConnectionSettings.of(RedisUrl.parse(redis.cluster().url())));
    }

    private static ScanOptions options(String kind) {
        return switch (kind) {
            case "bigkeys" -> new ScanOptions().probes(Probe.TYPE, Probe.MEMORY, Probe.LENGTH);
            case "ttl" -> new ScanOptions().probes(Probe.TTL);
            case "match" -> new ScanOptions().probes(Probe.TYPE).match("user:*");
            case "small-calls" -> new ScanOptions().probes(Probe.TTL).count(7);
            case "pipeline" -> new ScanOptions().probes(Probe.TYPE, Probe.TTL).allowScript(false);
            case "keys-only" -> new ScanOptions().count(500);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Scans with {@code options}; returns how often each key was delivered, checking each came from its slot's node. */
    private static Map<String, Integer> deliveries(ScanOptions options, Supplier<ScanSummary[]> out) {
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        try (Target target = target()) {
            ScanSummary s = new Scanner(target).run(options, (Node node, java.util.List<KeyInfo> batch) -> {
                for (KeyInfo k : batch) {
                    String key = new String(k.key(), StandardCharsets.UTF_8);
                    assertThat(node.servesSlot(JedisClusterCRC16.getSlot(key))).as(key + " from " + node).isTrue();
                    seen.merge(key, 1, Integer::sum);
                }
            }, Progress.none());
            out.get()[0] = s;
        }
        return seen;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bigkeys", "ttl", "match", "small-calls", "pipeline", "keys-only"})
    void every_key_is_delivered_exactly_once_on_every_primary(String kind) {
        ScanSummary[] summary = new ScanSummary[1];
        Map<String, Integer> seen = deliveries(options(kind), () -> summary);
        Map<String, Integer> twice = new HashMap<>();
        seen.forEach((k, n) -> {
            if (n != 1) {
                twice.put(k, n);
            }
        });
        assertThat(twice).as("keys delivered more than once").isEmpty();
        int expected = kind.equals("match") ? KEYS / 4 : KEYS;
        assertThat(seen).as("distinct keys delivered").hasSize(expected);
        ScanSummary s = summary[0];
        assertThat(s.completed()).isTrue();
        assertThat(s.keysScanned()).isEqualTo(expected);
        for (NodeScan n : s.nodes()) {
            if (!kind.equals("match")) {
                assertThat(n.keysScanned()).as(n.node()).isEqualTo(n.dbsize());
            }
            if (n.method().equals("script")) {
                assertThat(n.chains()).as("range chains on " + n.node()).isEqualTo(4);
            }
        }
    }

    @Test
    void each_node_reports_the_keyspace_layout_of_its_server() {
        JsonNode r = cli().url(redis.cluster().url()).run("bigkeys", "--json").ok().json();
        assertThat(r.get("keys_scanned").asLong()).isEqualTo(KEYS);
        for (JsonNode n : r.at("/scan/nodes")) {
            // Debian's Redis 7.0 keeps one dictionary; Valkey 8 one per slot
            assertThat(n.get("layout").asText()).isEqualTo(RedisServer.isValkey() ? "per-slot" : "one-dict");
            assertThat(n.get("chains").asInt()).isEqualTo(4);
        }
    }

    @Test
    void a_stopped_scripted_scan_resumed_from_its_cursor_delivers_every_key_once() {
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        AtomicInteger batches = new AtomicInteger();
        String cursor;
        try (Target target = target()) {
            ScanSummary s = new Scanner(target).run(new ScanOptions().probes(Probe.TTL).count(64)
                    .stopWhen(() -> batches.get() >= 12), (node, batch) -> {
                        batches.incrementAndGet();
                        batch.forEach(k -> seen.merge(new String(k.key(), StandardCharsets.UTF_8), 1, Integer::sum));
                    }, Progress.none());
            assertThat(s.completed()).isFalse();
            cursor = s.resumeCursor();
        }
        for (String part : cursor.split(",")) {
            String c = part.substring(part.lastIndexOf('=') + 1);
            if (!c.equals("done")) {
                assertThat(c).as(part).matches(RedisServer.isValkey() ? "s0:.*" : "[0-9-]+(/[0-9-]+){3}");
            }
        }
        int first = seen.size();
        try (Target target = target()) {
            ScanSummary s = new Scanner(target).run(new ScanOptions().probes(Probe.TTL)
                    .cursors(Cursors.parse(cursor)), (node, batch) ->
                    batch.forEach(k -> seen.merge(new String(k.key(), StandardCharsets.UTF_8), 1, Integer::sum)),
                    Progress.none());
            assertThat(s.completed()).isTrue();
            assertThat(s.keysScanned()).isEqualTo(KEYS - first);
        }
        assertThat(seen).hasSize(KEYS);
        assertThat(seen.values()).as("no key twice").allMatch(n -> n == 1);
    }

    @Test
    void a_cursor_saved_on_another_keyspace_layout_is_refused_with_exit_2() {
        RedisServer node = redis.cluster().primaries().get(0);
        String foreign = RedisServer.isValkey() ? "4096/-/77/3" : "s0:81936/1366:-/2731:2731/4096:4162";
        Cli.Result r = cli().url(redis.cluster().url())
                .run("ttl-audit", "--cursor", "127.0.0.1:" + node.port() + "=" + foreign);
        r.expectExit(ExitCode.USAGE);
        assertThat(r.err()).contains("--cursor " + foreign + " was saved on", "start a new scan without --cursor");
        if (RedisServer.isValkey()) {
            // a plain SCAN cursor (redis-cli's, or from a one-dictionary server) means something else here too
            cli().url(redis.cluster().url()).run("ttl-audit", "--cursor", "127.0.0.1:" + node.port() + "=81936")
                    .expectExit(ExitCode.USAGE);
        }
    }

    @Test
    void a_per_slot_cursor_outside_its_ranges_is_refused() {
        RedisServer node = redis.cluster().primaries().get(0);
        // chain 2 (slots 1366..2730) holding a cursor of slot 5000
        Cli.Result r = cli().url(redis.cluster().url())
                .run("ttl-audit", "--cursor", "127.0.0.1:" + node.port() + "=s0:-/1366:" + (5000 + 16384 * 3) + "/2731:-");
        r.expectExit(ExitCode.USAGE);
        assertThat(r.err()).contains("--cursor");
    }

    /**
     * invalidate scans keys only (one plain SCAN chain per node, whatever the layout) and counts what
     * UNLINK itself reports deleted, so a key SCAN returns twice is deleted and counted once.
     */
    @Test
    void invalidate_matches_and_deletes_exactly_the_keys_of_its_pattern() {
        RedisServer seed = redis.cluster().seed();
        int extra = 9_000;
        try (RedisClusterClient c = RedisClusterClient.create(new HostAndPort(seed.host(), seed.port()));
                ClusterPipeline p = c.pipelined()) {
            for (int i = 0; i < extra; i++) {
                p.set("tmp:inv:" + i, "x");
            }
            p.sync();
        }
        JsonNode r = cli().url(redis.cluster().url()).run("invalidate", "tmp:inv:*", "--yes", "--json").ok().json();
        assertThat(r.get("matched").asLong()).isEqualTo(extra);
        assertThat(r.get("deleted").asLong()).isEqualTo(extra);
        long left = 0;
        for (RedisServer n : redis.cluster().primaries()) {
            try (redis.clients.jedis.Jedis j = n.jedis()) {
                left += j.dbSize();
            }
        }
        assertThat(left).as("every other key untouched").isEqualTo(KEYS);
    }
}
