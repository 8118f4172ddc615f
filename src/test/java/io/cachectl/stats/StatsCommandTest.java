package io.cachectl.stats;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.Connector;
import io.cachectl.connect.Info;
import io.cachectl.connect.Node;
import io.cachectl.connect.RedisUrl;
import io.cachectl.connect.Target;
import io.cachectl.slo.Thresholds;
import io.cachectl.error.ExitCode;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisExtension;
import io.cachectl.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class StatsCommandTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone(b -> b.maxmemory("50mb").policy("allkeys-lru"));

    private String url;

    @BeforeEach
    void reset() {
        url = redis.server().url();
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
            j.configResetStat();
        }
    }

    private static List<String> targetNames(JsonNode report) {
        List<String> names = new ArrayList<>();
        report.get("targets").forEach(t -> names.add(t.get("name").asText()));
        return names;
    }

    @Test
    void json_report_has_the_contract_fields_and_figures_equal_to_info() {
        try (Jedis j = redis.server().jedis()) {
            for (int i = 0; i < 9; i++) {
                j.set("user:profile:" + i, "{}");
            }
            j.expire("user:profile:1", 600);
            for (int i = 0; i < 9; i++) {
                j.get("user:profile:" + i); // 9 hits
            }
            j.get("missing:1"); // 1 miss
        }
        JsonNode r = cli().url(url).run("stats", "--json").ok().json();
        assertThat(r.get("target").asText()).isEqualTo(url);
        assertThat(r.get("mode").asText()).isEqualTo("standalone");
        assertThat(r.get("nodes")).hasSize(1);
        assertThat(targetNames(r)).containsExactly("hit_rate", "latency", "memory", "eviction_rate");
        r.get("targets").forEach(t -> {
            assertThat(t.get("status").asText()).isIn("PASS", "WARN", "FAIL", "N/A");
            assertThat(t.has("value")).isTrue();
            assertThat(t.get("threshold").isNumber()).isTrue();
        });
        Info info;
        try (Jedis j = redis.server().jedis()) {
            info = Info.parse(j.info());
        }
        JsonNode node = r.get("nodes").get(0);
        assertThat(node.at("/traffic/hits").asLong()).isEqualTo(info.getLong("keyspace_hits")).isEqualTo(9);
        assertThat(node.at("/traffic/misses").asLong()).isEqualTo(info.getLong("keyspace_misses")).isEqualTo(1);
        assertThat(node.at("/traffic/hit_rate").asDouble()).isEqualTo(0.9);
        assertThat(node.at("/memory/maxmemory_bytes").asLong()).isEqualTo(50L * 1024 * 1024);
        assertThat(node.at("/keyspace/0/keys").asLong()).isEqualTo(9);
        assertThat(node.at("/keyspace/0/expires").asLong()).isEqualTo(1);
        assertThat(node.at("/latency/samples").asLong()).isEqualTo(100);
        assertThat(r.at("/targets/0/status").asText()).isEqualTo("PASS"); // 90 % > 88 %
        assertThat(r.at("/targets/0/value").asDouble()).isEqualTo(90.0);
        assertThat(r.at("/window/kind").asText()).isEqualTo("lifetime");
    }

    @Test
    void human_output_shows_sections_and_target_verdicts() {
        Cli.Result res = cli().url(url).run("stats").ok();
        assertThat(res.out()).contains("cachectl stats — " + url, "Memory", "Traffic", "Evictions", "Keyspace",
                "Latency", "Targets");
        assertThat(res.out()).containsPattern("N/A +hit_rate +no traffic");
        assertThat(res.out()).doesNotContain("\u001B["); // not a terminal: no colour
    }

    @Test
    void check_exits_1_only_when_a_target_fails() {
        try (Jedis j = redis.server().jedis()) {
            j.set("k", "v");
            j.get("k");
        }
        cli().url(url).run("stats", "--check").expectExit(0);
        try (Jedis j = redis.server().jedis()) {
            for (int i = 0; i < 10; i++) {
                j.get("nope:" + i);
            }
        }
        Cli.Result failed = cli().url(url).run("stats", "--check", "--json").expectExit(1);
        assertThat(failed.json().at("/targets/0/status").asText()).isEqualTo("FAIL");
        // a looser threshold turns it into a pass
        cli().url(url).run("stats", "--check", "--min-hit-rate", "5").expectExit(0);
    }

    @Test
    void interval_window_counts_only_what_happened_between_the_samples() {
        try (Jedis j = redis.server().jedis()) {
            j.set("k", "v");
            for (int i = 0; i < 50; i++) {
                j.get("nope"); // before the window: misses that must not count
            }
        }
        try (Target target = Connector.open(ConnectionSettings.of(RedisUrl.parse(url)))) {
            StatsService service = new StatsService(target, Thresholds.GUIDE);
            Map<Node, StatsService.NodeSample> before = service.sample(5);
            try (Jedis j = redis.server().jedis()) {
                for (int i = 0; i < 30; i++) {
                    j.get("k");
                }
                for (int i = 0; i < 10; i++) {
                    j.get("nope");
                }
            }
            StatsReport report = service.report(before, service.sample(5));
            assertThat(report.window().kind()).isEqualTo("interval");
            assertThat(report.total().traffic().hits()).isEqualTo(30);
            assertThat(report.total().traffic().misses()).isEqualTo(10);
            assertThat(report.total().traffic().hitRate()).isEqualTo(0.75);
            assertThat(report.targets().get(0).status().label()).isEqualTo("FAIL");
        }
        JsonNode viaCli = cli().url(url).run("stats", "--interval", "300ms", "--json").ok().json();
        assertThat(viaCli.at("/window/kind").asText()).isEqualTo("interval");
        assertThat(viaCli.at("/window/seconds").asDouble()).isBetween(0.25, 5.0);
        assertThat(viaCli.at("/total/traffic/misses").asLong()).isZero();
    }

    @Test
    void watch_prints_one_json_document_per_sample() {
        Cli.Result res = cli().url(url).run("stats", "--watch", "200ms", "--count", "2", "--json").ok();
        List<JsonNode> docs = res.jsonLines();
        assertThat(docs).hasSize(2);
        docs.forEach(d -> assertThat(d.at("/window/kind").asText()).isEqualTo("interval"));
        Cli.Result human = cli().url(url).run("stats", "--watch", "100ms", "--count", "2").ok();
        assertThat(human.out().lines().count()).isEqualTo(3); // header + 2 samples
        assertThat(human.out()).contains("ops/s", "hit", "targets", " P ");
    }

    @Test
    void repeat_ends_a_watch_and_the_old_count_still_does_with_a_warning_on_stderr_only() {
        Cli.Result now = cli().url(url).run("stats", "--watch", "100ms", "--repeat", "2", "--json").ok();
        assertThat(now.jsonLines()).hasSize(2);
        assertThat(now.err()).doesNotContain("deprecated");
        Cli.Result old = cli().url(url).run("stats", "--watch", "100ms", "--count", "2", "--json").ok();
        assertThat(old.jsonLines()).hasSize(2); // every stdout line is a JSON document: no warning among them
        assertThat(old.out()).doesNotContain("warning", "deprecated");
        assertThat(old.err()).contains("warning: --count in stats is deprecated, use --repeat");
        assertThat(cli().url(url).run("stats", "--count", "2", "--repeat", "2").expectExit(ExitCode.USAGE).err())
                .contains("--count is the old spelling of --repeat");
        assertThat(cli().run("stats", "--help").ok().out()).contains("--repeat=N").doesNotContain("--count");
    }

    @Test
    void real_evictions_fail_the_eviction_and_memory_targets() {
        try (RedisServer small = RedisServer.builder().maxmemory("2mb").policy("allkeys-lru").start();
                Jedis j = small.jedis()) {
            String value = "x".repeat(1000);
            for (int i = 0; i < 5000; i++) {
                j.set("analysis:property:" + i, value);
            }
            for (int i = 0; i < 100; i++) {
                j.get("analysis:property:" + i);
            }
            Info info = Info.parse(j.info());
            long evicted = info.getLong("evicted_keys");
            long lookups = info.getLong("keyspace_hits") + info.getLong("keyspace_misses");
            assertThat(evicted).isPositive();
            JsonNode r = cli().url(small.url()).run("stats", "--json", "--check").expectExit(1).json();
            JsonNode eviction = r.get("targets").get(3);
            assertThat(eviction.get("name").asText()).isEqualTo("eviction_rate");
            assertThat(eviction.get("status").asText()).isEqualTo("FAIL");
            // every new client takes memory and evicts a little more: compare with the figures of the
            // same INFO sample that the report used
            JsonNode traffic = r.at("/nodes/0/traffic");
            long reportedEvicted = r.at("/nodes/0/evictions/evicted_keys").asLong();
            assertThat(reportedEvicted).isGreaterThanOrEqualTo(evicted);
            assertThat(traffic.get("hits").asLong() + traffic.get("misses").asLong()).isEqualTo(lookups);
            assertThat(eviction.get("value").asDouble()).isCloseTo(100.0 * reportedEvicted / lookups,
                    org.assertj.core.data.Offset.offset(0.01));
            JsonNode memory = r.get("targets").get(2);
            assertThat(memory.get("status").asText()).isIn("FAIL", "WARN");
            assertThat(memory.get("value").asDouble()).isGreaterThan(70);
        }
    }

    @Test
    void works_when_config_is_refused_like_on_managed_services() {
        try (RedisServer managed = RedisServer.builder().maxmemory("10mb").arg("--rename-command", "CONFIG", "")
                .start()) {
            JsonNode r = cli().url(managed.url()).run("stats", "--json").ok().json();
            assertThat(r.at("/nodes/0/memory/maxmemory_bytes").asLong()).isEqualTo(10L * 1024 * 1024);
            assertThat(r.at("/targets/2/status").asText()).isEqualTo("PASS");
        }
    }

    @Test
    void no_maxmemory_makes_the_memory_target_not_applicable() {
        try (RedisServer unlimited = RedisServer.builder().start()) {
            JsonNode r = cli().url(unlimited.url()).run("stats", "--json").ok().json();
            assertThat(r.at("/targets/2/status").asText()).isEqualTo("N/A");
            assertThat(r.at("/targets/2/reason").asText()).contains("no memory limit");
            assertThat(r.at("/targets/2/value").isNull()).isTrue();
        }
    }
}
