package io.cachectl.connect;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.error.ExitCode;
import io.cachectl.testing.Await;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisExtension;
import io.cachectl.testing.RedisSentinels;
import io.cachectl.testing.RedisServer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** Every command through redis-sentinel://, against real sentinels; the failover test runs last. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.withSentinels();

    @Test
    @Order(1)
    void stats_through_sentinels_reports_the_primary_its_replica_and_each_sentinels_view() {
        RedisSentinels s = redis.sentinels();
        JsonNode json = cli().url(s.url()).run("stats", "--json", "--latency-samples", "5").ok().json();
        String primary = RedisSentinels.address(s.primary());
        assertThat(json.get("target").asText()).isEqualTo(s.url());
        assertThat(json.get("nodes").get(0).get("node").asText()).isEqualTo(primary);
        assertThat(json.get("nodes").get(0).get("role").asText()).isEqualTo("primary");
        JsonNode sentinel = json.get("sentinel");
        assertThat(sentinel.get("master").asText()).isEqualTo(RedisSentinels.MASTER);
        assertThat(sentinel.get("primary").asText()).isEqualTo(primary);
        assertThat(sentinel.get("quorum").asInt()).isEqualTo(2);
        assertThat(sentinel.get("agreeing").asInt()).isEqualTo(3);
        assertThat(sentinel.get("replicas").get(0).get("address").asText()).isEqualTo(RedisSentinels.address(s.replica()));
        assertThat(sentinel.get("replicas").get(0).get("master_link_status").asText()).isEqualTo("ok");
        assertThat(sentinel.get("sentinels")).hasSize(3);
        sentinel.get("sentinels").forEach(n -> {
            assertThat(n.get("reachable").asBoolean()).isTrue();
            assertThat(n.get("primary").asText()).isEqualTo(primary);
            assertThat(n.get("other_sentinels").asInt()).isEqualTo(2);
        });
    }

    @Test
    @Order(2)
    void stats_human_output_names_master_primary_replica_and_sentinels() {
        RedisSentinels s = redis.sentinels();
        Cli.Result r = cli().url(s.url()).run("stats", "--latency-samples", "5").ok();
        String primary = RedisSentinels.address(s.primary());
        assertThat(r.out()).contains("Sentinel", "master mymaster · primary " + primary, "3 of 3 sentinels name it",
                "quorum 2", "replica " + RedisSentinels.address(s.replica()) + " · slave · link ok");
        for (int port : s.sentinelPorts()) {
            assertThat(r.out()).contains("sentinel 127.0.0.1:" + port + " · names " + primary);
        }
    }

    @Test
    @Order(3)
    void scans_and_writes_go_to_the_primary_the_sentinels_name() {
        RedisSentinels s = redis.sentinels();
        try (Jedis j = s.primary().jedis()) {
            j.flushAll();
            for (int i = 0; i < 50; i++) {
                j.set("sess:" + i, "v".repeat(100));
            }
            j.set("keep", "1");
        }
        // the #NAME form (Lettuce, Spring) and a first sentinel that is down: the next one answers
        String lettuce = "redis-sentinel://127.0.0.1:1," + s.url().substring("redis-sentinel://".length())
                .replace("?master=", "#");
        JsonNode big = cli().url(lettuce).run("bigkeys", "--json").ok().json();
        assertThat(big.toString()).contains("\"keys\":51");
        cli().url(s.url()).run("invalidate", "sess:*", "--yes").ok();
        try (Jedis j = s.primary().jedis()) {
            assertThat(j.dbSize()).isEqualTo(1);
        }
    }

    @Test
    @Order(4)
    void unknown_master_and_unreachable_sentinels_are_exit_3_with_what_failed() {
        RedisSentinels s = redis.sentinels();
        Cli.Result unknown = cli().url(s.url().replace("master=mymaster", "master=nosuch")).run("stats")
                .expectExit(ExitCode.UNAVAILABLE);
        assertThat(unknown.err()).contains("monitor no master named 'nosuch'");
        Cli.Result down = cli().url("redis-sentinel://:secret@127.0.0.1:1,127.0.0.1:2?master=mymaster")
                .run("stats", "--connect-timeout", "500ms").expectExit(ExitCode.UNAVAILABLE);
        assertThat(down.err()).contains("no sentinel named a primary", "sentinel 127.0.0.1:1", "sentinel 127.0.0.1:2")
                .doesNotContain("secret");
        Cli.Result noMaster = cli().url("redis-sentinel://127.0.0.1:1").run("stats").expectExit(ExitCode.USAGE);
        assertThat(noMaster.err()).contains("no master name");
        Cli.Result cluster = cli().url(s.url()).run("stats", "--cluster").expectExit(ExitCode.USAGE);
        assertThat(cluster.err()).contains("never a cluster");
    }

    @Test
    @Order(10)
    void stats_watch_follows_a_failover_to_the_new_primary_and_says_so() throws Exception {
        RedisSentinels s = redis.sentinels();
        String before = RedisSentinels.address(s.primary());
        CompletableFuture<Cli.Result> watch = CompletableFuture.supplyAsync(() -> cli().url(s.url())
                .run("stats", "--watch", "1s", "--count", "10", "--json", "--latency-samples", "3"));
        RedisServer primary = s.primary();
        Await.until("stats --watch has sampled the primary", java.time.Duration.ofSeconds(20),
                () -> Await.cachectlRan(primary, "info") || Await.cachectlRan(primary, "ping"));
        RedisServer next = s.failover();
        Cli.Result r = watch.get(60, TimeUnit.SECONDS).ok();
        String after = RedisSentinels.address(next);
        assertThat(after).isNotEqualTo(before);
        assertThat(r.err()).contains("failover: the primary of 'mymaster' moved from " + before + " to " + after);
        List<JsonNode> lines = r.jsonLines();
        assertThat(lines).hasSize(10);
        assertThat(lines.get(0).get("sentinel").get("primary").asText()).isEqualTo(before);
        JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.get("sentinel").get("primary").asText()).isEqualTo(after);
        assertThat(last.get("nodes").get(0).get("node").asText()).isEqualTo(after);
        assertThat(last.get("nodes").get(0).get("role").asText()).isEqualTo("primary");
    }
}
