package io.cachectl.connect;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.testing.RedisExtension;
import io.cachectl.testing.RedisServer;
import io.cachectl.testing.ServerFlavourExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** What differs between the servers the suite runs on (Redis 7.0, Valkey 8.0), and what cachectl does about it. */
class ServerCompatibilityTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone(b -> b.maxmemory("50mb").policy("allkeys-lru"));

    /** Every INFO field cachectl reads (stats, doctor, watch, bench, the scan engine, capability probing). */
    static final List<String> FIELDS_READ = List.of("redis_version", "uptime_in_seconds", "used_memory",
            "used_memory_peak", "used_memory_rss", "maxmemory", "maxmemory_policy", "mem_fragmentation_ratio",
            "keyspace_hits", "keyspace_misses", "evicted_keys", "expired_keys", "instantaneous_ops_per_sec",
            "total_commands_processed", "connected_clients", "blocked_clients", "rejected_connections",
            "rdb_last_save_time", "rdb_changes_since_last_save", "aof_enabled", "role", "connected_slaves",
            "cluster_enabled");

    @Test
    void every_info_field_cachectl_reads_is_present() {
        try (Jedis j = redis.server().jedis()) {
            Info info = Info.parse(j.info("everything"));
            assertThat(FIELDS_READ).allSatisfy(f -> assertThat(info.fields()).as(f).containsKey(f));
            if (RedisServer.isValkey()) {
                // Valkey keeps redis_version at a compatibility value and says who it is beside it
                assertThat(info.get("server_name")).isEqualTo("valkey");
                assertThat(info.fields()).containsKey("valkey_version");
                assertThat(info.get("redis_version")).isNotEqualTo(info.get("valkey_version"));
            }
        }
    }

    @Test
    void stats_names_the_server_product_and_its_own_version() {
        String version = ServerFlavourExtension.label().split(" ")[1]; // from `<server> --version`
        JsonNode r = cli().url(redis.server().url()).run("stats", "--json").ok().json();
        assertThat(r.get("server").asText()).isEqualTo(RedisServer.flavour());
        assertThat(r.get("version").asText()).isEqualTo(version);
        assertThat(r.at("/nodes/0/server").asText()).isEqualTo(RedisServer.flavour());
        String human = cli().url(redis.server().url()).run("stats").ok().out();
        assertThat(human).contains((RedisServer.isValkey() ? "Valkey " : "Redis ") + version);
        JsonNode doctor = cli().url(redis.server().url()).run("doctor", "--json").json();
        assertThat(doctor.get("server").asText()).isEqualTo(RedisServer.flavour());
        assertThat(doctor.get("version").asText()).isEqualTo(version);
    }

    @Test
    void a_scan_leaves_keys_idle_times_alone_where_the_server_has_client_no_touch() throws Exception {
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
            for (int i = 0; i < 50; i++) {
                j.hset("user:profile:" + i, "name", "n");
            }
        }
        Thread.sleep(2_200); // OBJECT IDLETIME counts whole seconds of the LRU clock
        JsonNode r = cli().url(redis.server().url()).run("bigkeys", "--json").ok().json();
        assertThat(r.get("keys_scanned").asLong()).isEqualTo(50);
        boolean noTouch = r.at("/scan/no_touch").asBoolean();
        // Valkey 8 has CLIENT NO-TOUCH (Redis 7.2+); Debian's Redis 7.0 has not
        assertThat(noTouch).isEqualTo(RedisServer.isValkey());
        try (Jedis j = redis.server().jedis()) {
            for (int i = 0; i < 50; i++) {
                Long idle = j.objectIdletime("user:profile:" + i);
                if (noTouch) {
                    assertThat(idle).as("idle seconds of user:profile:" + i).isGreaterThanOrEqualTo(2);
                } else {
                    assertThat(idle).as("TYPE/HLEN touched user:profile:" + i).isLessThan(2);
                }
            }
        }
    }

    /**
     * The probe script sizes its batches by the time each call takes inside the server. Valkey 8 answers
     * TIME inside a script with a frozen snapshot, so every call measured 0 µs, batches grew to the
     * maximum and a concurrent client's p99 rose (13 ms instead of ~2 ms on 1 M keys).
     */
    @Test
    void probe_calls_measure_their_own_server_time() {
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
            redis.clients.jedis.Pipeline p = j.pipelined();
            for (int i = 0; i < 20_000; i++) {
                p.hset("user:profile:" + i, "name", "n" + i);
            }
            p.sync();
        }
        JsonNode r = cli().url(redis.server().url()).run("bigkeys", "--json").ok().json();
        JsonNode node = r.at("/scan/nodes/0");
        assertThat(node.get("method").asText()).isEqualTo("script");
        assertThat(node.get("server_ms").asDouble()).as("server time of %s calls", node.get("calls")).isPositive();
    }
}
