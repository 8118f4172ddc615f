package io.cachectl.doctor;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.Connector;
import io.cachectl.connect.RedisUrl;
import io.cachectl.connect.Target;
import io.cachectl.error.ExitCode;
import io.cachectl.stats.StatsService;
import io.cachectl.slo.Status;
import io.cachectl.slo.Thresholds;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

class DoctorTest {

    private static List<String> rules(JsonNode report) {
        List<String> rules = new ArrayList<>();
        report.get("diagnoses").forEach(d -> rules.add(d.get("rule").asText()));
        return rules;
    }

    private static JsonNode diagnosis(JsonNode report, String rule) {
        for (JsonNode d : report.get("diagnoses")) {
            if (d.get("rule").asText().equals(rule)) {
                return d;
            }
        }
        throw new AssertionError("no diagnosis " + rule + " in " + report);
    }

    @Test
    void memory_pressure_with_evictions_is_diagnosed_with_evidence_and_next_steps() {
        try (RedisServer server = RedisServer.builder().maxmemory("8mb").policy("allkeys-lru").start();
             Jedis j = server.jedis()) {
            String value = "x".repeat(10_000);
            Pipeline p = j.pipelined();
            for (int i = 0; i < 2000; i++) {
                p.set("page:" + i, value);
            }
            p.sync();
            for (int i = 1900; i < 2000; i++) {
                j.get("page:" + i);
            }
            Cli.Result r = cli().url(server.url()).run("doctor", "--json", "--interval", "0").ok();
            JsonNode report = r.json();
            assertThat(report.get("reachable").asBoolean()).isTrue();
            assertThat(report.get("healthy").asBoolean()).isFalse();
            assertThat(rules(report)).contains("memory", "eviction_rate");
            JsonNode memory = diagnosis(report, "memory");
            assertThat(memory.get("severity").asText()).isIn("FAIL", "WARN");
            assertThat(memory.get("evidence").toString()).contains("maxmemory 8.0 MB", "allkeys-lru");
            assertThat(memory.get("next").toString()).contains("cachectl bigkeys");
            JsonNode evictions = diagnosis(report, "eviction_rate");
            assertThat(evictions.get("severity").asText()).isEqualTo("FAIL");
            assertThat(evictions.get("next").toString()).contains("CONFIG SET maxmemory");
            cli().url(server.url()).run("doctor", "--check", "--interval", "0").expectExit(ExitCode.CHECK_FAILED);
            String human = cli().url(server.url()).run("doctor", "--interval", "0").ok().out();
            assertThat(human).contains("FAIL  eviction_rate", "evidence:", "next:");
        }
    }

    @Test
    void low_hit_rate_without_evictions_points_at_cold_cache_and_warming() {
        try (RedisServer server = RedisServer.builder().start(); Jedis j = server.jedis()) {
            j.set("user:1", "a");
            for (int i = 0; i < 200; i++) {
                j.get("user:missing:" + i);
            }
            for (int i = 0; i < 20; i++) {
                j.get("user:1");
            }
            JsonNode report = cli().url(server.url()).run("doctor", "--json", "--interval", "0").ok().json();
            assertThat(rules(report)).contains("hit_rate", "no_maxmemory").doesNotContain("eviction_rate");
            JsonNode hit = diagnosis(report, "hit_rate");
            assertThat(hit.get("severity").asText()).isEqualTo("FAIL");
            assertThat(hit.get("evidence").toString()).contains("20 hits, 200 misses",
                    "biggest share: keys that were never cached");
            assertThat(hit.get("next").toString()).contains("cachectl warm");
        }
    }

    @Test
    void low_hit_rate_with_expirations_points_at_short_ttls() throws Exception {
        try (RedisServer server = RedisServer.builder().maxmemory("64mb").start(); Jedis j = server.jedis()) {
            for (int i = 0; i < 50; i++) {
                j.psetex("quote:" + i, 50, "v");
            }
            Thread.sleep(200);
            for (int i = 0; i < 50; i++) {
                j.get("quote:" + i); // expired on access: misses, expired_keys grows
            }
            JsonNode report = cli().url(server.url()).run("doctor", "--json", "--interval", "0").ok().json();
            JsonNode hit = diagnosis(report, "hit_rate");
            assertThat(hit.get("evidence").toString()).contains("biggest share: expirations");
            assertThat(hit.get("next").toString()).contains("cachectl ttl-audit");
        }
    }

    @Test
    void high_fragmentation_is_diagnosed_when_freed_memory_is_not_returned() throws InterruptedException {
        // jemalloc's background thread returns freed pages to the OS within seconds, which made the ratio
        // fall below the rule's threshold on a slow run (seen twice under load): keep the pages held
        try (RedisServer server = RedisServer.builder().arg("--jemalloc-bg-thread", "no").start();
                Jedis j = server.jedis()) {
            String value = "v".repeat(400);
            Pipeline p = j.pipelined();
            for (int i = 0; i < 150_000; i++) {
                p.set("frag:" + i, value);
                if (i % 10_000 == 9_999) {
                    p.sync();
                }
            }
            p.sync();
            // keep every 8th value: each of jemalloc's slabs keeps live regions, so no page can be purged and
            // the ratio stays high however long the deletes take (deleting 19 of 20 freed whole slabs, which
            // jemalloc returned to the OS on slow runs, even without its background thread)
            for (int i = 0; i < 150_000; i++) {
                if (i % 8 != 0) {
                    p.del("frag:" + i);
                }
                if (i % 10_000 == 9_999) {
                    p.sync();
                }
            }
            p.sync();
            // the server refreshes mem_fragmentation_ratio and used_memory_rss in its cron (every 100 ms): on a
            // fast machine the in-process doctor read the figures from before the deletes (ratio 1.2) and,
            // rightly, found nothing. Wait until the server itself reports what doctor must judge.
            awaitServerReportsFragmentation(j);
            JsonNode report = cli().url(server.url()).run("doctor", "--json", "--interval", "0").ok().json();
            JsonNode frag = diagnosis(report, "fragmentation");
            assertThat(frag.get("evidence").toString()).contains("mem_fragmentation_ratio");
            assertThat(frag.get("next").toString()).contains("activedefrag");
        }
    }

    private static void awaitServerReportsFragmentation(Jedis j) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String memory = "";
        while (System.nanoTime() < deadline) {
            memory = j.info("memory");
            io.cachectl.connect.Info info = io.cachectl.connect.Info.parse(memory);
            if (info.getDouble("mem_fragmentation_ratio") > DoctorRules.FRAGMENTATION_RATIO
                    && info.getLong("used_memory_rss") - info.getLong("used_memory")
                            >= DoctorRules.FRAGMENTATION_MIN_WASTE) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server never reported the fragmentation the test made:\n" + memory);
    }

    @Test
    void healthy_server_gets_no_diagnosis_but_the_missing_survey_is_noted() {
        try (RedisServer server = RedisServer.builder().maxmemory("64mb").policy("allkeys-lru").start();
             Jedis j = server.jedis()) {
            j.setex("k", 600, "v");
            for (int i = 0; i < 50; i++) {
                j.get("k");
            }
            JsonNode report = cli().url(server.url()).run("doctor", "--json", "--interval", "0").ok().json();
            assertThat(report.get("healthy").asBoolean()).as(report.toString()).isTrue();
            assertThat(report.get("notes").toString()).contains("the survey made");
            assertThat(report.at("/self_effect/hits").asLong()).isEqualTo(1); // one PTTL for the one key
            JsonNode unsurveyed = cli().url(server.url()).run("doctor", "--json", "--interval", "0", "--sample", "0")
                    .ok().json();
            assertThat(unsurveyed.get("notes").toString()).contains("cachectl bigkeys");
        }
    }

    @Test
    void unreachable_server_says_what_was_tried_and_exits_3() {
        Cli.Result r = cli().url("redis://app:hunter2@127.0.0.1:1/2").run("doctor", "--json")
                .expectExit(ExitCode.UNAVAILABLE);
        JsonNode report = r.json();
        assertThat(report.get("reachable").asBoolean()).isFalse();
        JsonNode d = diagnosis(report, "unreachable");
        assertThat(d.get("evidence").toString()).contains("tried redis://app:****@127.0.0.1:1/2", "ACL user app",
                "connection refused");
        assertThat(d.get("next").toString()).contains("redis-cli -h 127.0.0.1 -p 1");
        assertThat(r.all()).doesNotContain("hunter2");
    }

    @Test
    void keyspace_evidence_adds_big_keys_no_ttl_and_short_ttl_namespaces() {
        try (RedisServer server = RedisServer.builder().maxmemory("64mb").start(); Jedis j = server.jedis()) {
            j.set("a", "1");
            j.get("nope");
            KeyspaceEvidence.Survey survey = new KeyspaceEvidence.Survey(false, 1000, 1000,
                    List.of(new KeyspaceEvidence.Namespace("report", 10, 30L << 20)),
                    List.of(new KeyspaceEvidence.BigKey("report:2024", "string", 3L << 20, "127.0.0.1:1")),
                    400, 12L << 20,
                    List.of(new KeyspaceEvidence.TtlClasses("quote", 500, 0, 500, 0, 0, 0, 30L)),
                    io.cachectl.effect.SelfEffect.NONE, null, List.of());
            try (Target t = Connector.open(ConnectionSettings.of(RedisUrl.parse(server.url())))) {
                DoctorReport report = new Doctor(t, Thresholds.GUIDE, target -> Optional.of(survey))
                        .run(java.time.Duration.ZERO);
                List<String> rules = report.diagnoses().stream().map(Diagnosis::rule).toList();
                assertThat(rules).contains("big_keys", "no_ttl", "hit_rate");
                Diagnosis big = report.diagnoses().stream().filter(d -> d.rule().equals("big_keys")).findFirst()
                        .orElseThrow();
                assertThat(big.severity()).isEqualTo(Status.WARN);
                assertThat(big.evidence().get(0)).contains("report:2024", "3.0 MB");
                Diagnosis hit = report.diagnoses().stream().filter(d -> d.rule().equals("hit_rate")).findFirst()
                        .orElseThrow();
                assertThat(String.join("\n", hit.evidence())).contains("namespace quote: median TTL at most 30s");
                assertThat(report.keyspace()).isEqualTo(survey);
                assertThat(new StatsService(t, Thresholds.GUIDE).nodes()).hasSize(1);
            }
        }
    }

    @Test
    void d5_a_server_closing_the_idle_start_up_connection_during_the_interval_is_still_reachable() {
        try (RedisServer server = RedisServer.builder().start(); Jedis j = server.jedis()) {
            j.configSet("timeout", "1"); // the server closes connections idle for 1 s
            j.set("a", "1");
            Cli.Result r = cli().url(server.url()).run("doctor", "--json", "--interval", "3");
            r.expectExit(ExitCode.OK);
            JsonNode report = r.json();
            assertThat(report.get("reachable").asBoolean()).isTrue();
            assertThat(report.at("/keyspace/keys_scanned").asLong()).isEqualTo(1);
            assertThat(report.at("/keyspace/error").isNull()).isTrue();
        }
    }

    @Test
    void d5_a_server_that_dies_during_the_interval_is_still_reported_unreachable_with_exit_3() throws Exception {
        RedisServer server = RedisServer.builder().start();
        try {
            Thread killer = new Thread(() -> {
                try {
                    // doctor (in this JVM) opens, reads its first INFO and closes its connection for the
                    // 2 s interval: no client to watch, so the middle of the interval is a time
                    Thread.sleep(700);
                } catch (InterruptedException e) {
                    return;
                }
                server.stop();
            });
            killer.start();
            Cli.Result r = cli().url(server.url()).run("doctor", "--json", "--interval", "2");
            killer.join();
            r.expectExit(ExitCode.UNAVAILABLE);
            assertThat(r.json().get("reachable").asBoolean()).isFalse();
        } finally {
            server.close();
        }
    }

    @Test
    void d9_a_failed_keyspace_survey_is_reported_not_silently_dropped() {
        try (RedisServer server = RedisServer.builder().aclUser("noscan", "pw", "~* &* +@all -scan").start();
             Jedis j = server.jedis()) {
            j.set("a", "1");
            Cli.Result r = cli().url(server.url("noscan", "pw")).run("doctor", "--json", "--interval", "0").ok();
            JsonNode report = r.json();
            assertThat(report.at("/keyspace/error").asText()).isNotBlank(); // the NOPERM of SCAN inside the probe script
            assertThat(report.get("notes").toString()).contains("keyspace survey failed", "keyspace evidence is missing");
            String human = cli().url(server.url("noscan", "pw")).run("doctor", "--interval", "0").ok().out();
            assertThat(human).contains("note: keyspace survey failed");
        }
    }

    @Test
    void a_key_over_1_mb_outside_the_sample_is_not_called_the_largest_and_sampled_figures_say_so() {
        try (RedisServer server = RedisServer.builder().maxmemory("64mb").start(); Jedis j = server.jedis()) {
            try (Pipeline p = j.pipelined()) {
                for (int i = 0; i < 3000; i++) {
                    p.setex("page:" + i, 600, "v");
                }
                p.set("cart:global", "x".repeat(1_100_000));
                p.set("report:huge", "y".repeat(2_100_000));
                p.sync();
            }
            JsonNode sampled = cli().url(server.url()).run("doctor", "--json", "--interval", "0", "--sample", "200")
                    .ok().json();
            assertThat(sampled.at("/keyspace/sampled").asBoolean()).isTrue();
            assertThat(sampled.at("/keyspace/keys_scanned").asLong()).isLessThan(3002);
            assertThat(sampled.get("keyspace").has("keys_over_1mb")).isTrue();
            assertThat(sampled.toString()).doesNotContain("largest").doesNotContain("keys_over1_mb");
            for (JsonNode d : sampled.get("diagnoses")) {
                for (JsonNode e : d.get("evidence")) {
                    if (e.asText().contains("over 1 MB") || e.asText().startsWith("namespace ")) {
                        assertThat(e.asText()).contains("in a sample of");
                    }
                }
            }
            JsonNode full = cli().url(server.url()).run("doctor", "--json", "--interval", "0", "--sample", "100000")
                    .ok().json();
            JsonNode big = diagnosis(full, "big_keys");
            assertThat(big.get("evidence").get(0).asText()).contains("2 keys over 1 MB, largest report:huge (2.");
            assertThat(big.get("summary").asText()).contains("in all 3,002 keys");
            JsonNode noTtl = diagnosis(full, "no_ttl");
            assertThat(noTtl.get("evidence").toString()).contains("2 of 3,002 keys on the server have no TTL");
        }
    }

    @Test
    void memory_pressure_evidence_shows_measured_namespace_sizes_not_extrapolations() {
        try (RedisServer server = RedisServer.builder().maxmemory("8mb").policy("noeviction").start();
             Jedis j = server.jedis()) {
            j.set("cart:global", "x".repeat(1_100_000)); // the one big key
            long max = 8L << 20;
            for (int batch = 0; Long.parseLong(j.info("memory").split("used_memory:")[1].split("\\r")[0]) < max * 0.85;
                    batch++) {
                try (Pipeline p = j.pipelined()) {
                    for (int i = 0; i < 100; i++) {
                        p.setex("page:" + (batch * 100 + i), 600, "v".repeat(1000));
                    }
                    p.sync();
                }
            }
            JsonNode report = cli().url(server.url()).run("doctor", "--json", "--interval", "0").ok().json();
            JsonNode memory = diagnosis(report, "memory");
            String evidence = memory.get("evidence").toString();
            assertThat(evidence).containsPattern("namespace cart:\\*: 1\\.[0-9] MB in 1 key in all");
            assertThat(report.at("/keyspace/ttl_classes/0").has("static")).isTrue();
        }
    }

    @Test
    void hit_rate_rule_names_the_biggest_share_of_the_misses_not_expirations_against_evictions() throws Exception {
        try (RedisServer server = RedisServer.builder().maxmemory("64mb").policy("allkeys-lru").start();
             Jedis j = server.jedis()) {
            for (int i = 0; i < 40; i++) {
                j.psetex("quote:" + i, 30, "v");
            }
            Thread.sleep(200);
            try (Pipeline p = j.pipelined()) {
                for (int i = 0; i < 40; i++) {
                    p.get("quote:" + i); // expired: 40 misses that expirations explain
                }
                for (int i = 0; i < 2000; i++) {
                    p.get("never:" + i); // never cached: 2,000 misses
                }
                p.sync();
            }
            Cli.Result r = cli().url(server.url()).run("doctor", "--json", "--interval", "0").ok();
            JsonNode hit = diagnosis(r.json(), "hit_rate");
            String evidence = hit.get("evidence").toString();
            assertThat(evidence).contains("expirations at most 2.0 % (40)", "biggest share: keys that were never cached")
                    .doesNotContain("biggest share: expirations");
            assertThat(hit.get("next").toString()).contains("cachectl warm");
            String human = cli().url(server.url()).run("doctor", "--interval", "0").ok().out();
            assertThat(human).containsPattern("targets: hit_rate FAIL 0\\.0 %  latency PASS [0-9.]+ ms  memory PASS");
        }
    }
}
