package io.cachectl.ttl;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.testing.RedisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

class TtlAuditCommandTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone(b -> b.aclUser("nomem", "pw", "~* &* +@all -memory"));

    static long noTtlBytes;

    @BeforeAll
    static void data() {
        try (Jedis j = redis.server().jedis()) {
            try (Pipeline p = j.pipelined()) {
                for (int i = 0; i < 40; i++) {
                    p.setex("rate_limit:ip:10.0.0." + i, 120, "1");          // real-time, within policy
                }
                p.setex("rate_limit:ip:bad", 3600, "1");                      // too long for its rule
                for (int i = 0; i < 30; i++) {
                    p.setex("user:profile:" + i, 1200, "p" + i);               // frequently updated
                }
                for (int i = 0; i < 20; i++) {
                    p.setex("static:page:" + i, 5 * 86400, "s");               // static
                }
                p.setex("archive:1", 30 * 86400, "a");                         // > 7 d
                for (int i = 0; i < 10; i++) {
                    p.set("config:flag:" + i, "on");                           // no TTL, allowed by policy
                }
                for (int i = 0; i < 5; i++) {
                    p.set("user:profile:legacy" + i, "x".repeat(50));          // no TTL, a violation
                }
                p.sync();
            }
            for (String k : j.keys("*")) {
                if (j.ttl(k) == -1) {
                    noTtlBytes += j.memoryUsage(k);
                }
            }
        }
    }

    @Test
    void counts_keys_without_ttl_exactly_with_their_bytes_and_the_json_contract() {
        JsonNode r = cli().url(redis.server().url()).run("ttl-audit", "--json").expectExit(0).json();
        assertThat(r.get("keys_scanned").asLong()).isEqualTo(107);
        assertThat(r.at("/no_ttl/keys").asLong()).isEqualTo(15);
        assertThat(r.at("/no_ttl/bytes").asLong()).isEqualTo(noTtlBytes);
        assertThat(r.at("/no_ttl/examples")).isNotEmpty();
        Map<String, Long> classes = new HashMap<>();
        for (JsonNode c : r.get("classes")) {
            assertThat(c.fieldNames()).toIterable().contains("class", "keys", "bytes");
            classes.put(c.get("class").asText(), c.get("keys").asLong());
        }
        assertThat(classes).containsEntry("realtime", 40L).containsEntry("frequent", 30L).containsEntry("rare", 1L)
                .containsEntry("static", 20L).containsEntry("long", 1L).containsEntry("none", 15L);
        JsonNode ns = null;
        for (JsonNode n : r.get("namespaces")) {
            assertThat(n.fieldNames()).toIterable().contains("namespace", "keys", "no_ttl_keys", "no_ttl_bytes");
            if (n.get("namespace").asText().equals("config:flag:*")) {
                ns = n;
            }
        }
        assertThat(ns).isNotNull();
        assertThat(ns.get("no_ttl_keys").asLong()).isEqualTo(10);
        // default policy: every key must expire
        assertThat(r.get("violations")).hasSize(1);
        assertThat(r.at("/violations/0").fieldNames()).toIterable().contains("rule", "keys", "examples");
        assertThat(r.at("/violations/0/keys").asLong()).isEqualTo(15);
        cli().url(redis.server().url()).run("ttl-audit", "--check").expectExit(1);
    }

    @Test
    void policy_file_rules_first_match_wins(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("ttl.json");
        Files.writeString(policy, """
                {"rules": [
                  {"pattern": "rate_limit:*", "min_ttl": "1m", "max_ttl": "5m"},
                  {"pattern": "user:profile:*", "min_ttl": 900, "max_ttl": "30m"},
                  {"pattern": "config:*", "no_ttl_allowed": true},
                  {"pattern": "static:*", "max_ttl": "7d"}
                ]}""");
        JsonNode r = cli().url(redis.server().url()).run("ttl-audit", "--json", "--policy", policy.toString())
                .expectExit(0).json();
        Map<String, Long> byPattern = new HashMap<>();
        for (JsonNode v : r.get("violations")) {
            byPattern.put(v.get("pattern").asText(), v.get("keys").asLong());
        }
        assertThat(byPattern).containsOnly(Map.entry("rate_limit:*", 1L), Map.entry("user:profile:*", 5L));
        assertThat(r.at("/violations/0/examples/0").asText()).isEqualTo("rate_limit:ip:bad");
        assertThat(r.at("/violations/0/reasons/too_long").asLong()).isEqualTo(1);
        cli().url(redis.server().url()).run("ttl-audit", "--policy", policy.toString(), "--check").expectExit(1);

        Files.writeString(policy, "{\"rules\": [{\"pattern\": \"x:*\", \"max_ttl\": \"soon\"}]}");
        var bad = cli().url(redis.server().url()).run("ttl-audit", "--policy", policy.toString()).expectExit(2);
        assertThat(bad.err()).contains("rule 1", "soon");

        // a glob Redis reads differently from how it looks is refused, as in invalidate
        Files.writeString(policy, "{\"rules\": [{\"pattern\": \"user:[a-]*\", \"max_ttl\": \"1h\"}]}");
        var quirk = cli().url(redis.server().url()).run("ttl-audit", "--policy", policy.toString()).expectExit(2);
        assertThat(quirk.err()).contains("rule 1", "user:[a-]*");
        var match = cli().url(redis.server().url()).run("ttl-audit", "--match", "user:[]x").expectExit(2);
        assertThat(match.err()).contains("--match");
    }

    @Test
    void policy_rules_judge_ttls() {
        TtlPolicy.Rule rule = new TtlPolicy.Rule("rate_limit:*", java.time.Duration.ofMinutes(1),
                java.time.Duration.ofMinutes(5), false);
        assertThat(rule.violation(-1)).isEqualTo("no_ttl");
        assertThat(rule.violation(30_000)).isNull(); // 30 s left of a TTL that may have been 1 m: not judged
        assertThat(rule.violation(120_000)).isNull();
        assertThat(rule.violation(600_000)).isEqualTo("too_long");
        TtlPolicy p = new TtlPolicy("t", List.of(rule, new TtlPolicy.Rule("*", null, null, true)));
        assertThat(p.match("rate_limit:ip:1").pattern()).isEqualTo("rate_limit:*");
        assertThat(p.match("other").noTtlAllowed()).isTrue();
    }

    @Test
    void without_memory_permission_sizes_are_reported_unavailable() {
        var r = cli().url(redis.server().url("nomem", "pw")).run("ttl-audit", "--json").ok();
        JsonNode j = r.json();
        assertThat(j.get("memory_available").asBoolean()).isFalse();
        assertThat(j.at("/no_ttl/bytes").isNull()).isTrue();
        assertThat(j.at("/no_ttl/keys").asLong()).isEqualTo(15);
        assertThat(j.at("/scan/notes/0").asText()).contains("MEMORY USAGE refused", "sizes unavailable");
        assertThat(r.err()).contains("sizes unavailable");
    }

    @Test
    void human_output_has_the_class_chart_and_namespaces() {
        String out = cli().url(redis.server().url()).run("ttl-audit").expectExit(0).out();
        assertThat(out).contains("15 keys without TTL", "TTL classes", "≤ 5 min (real-time)", "█", "config:flag:*",
                "Policy", "must expire");
    }

    @Test
    void a_policy_whose_keys_were_all_written_inside_its_ranges_passes_check(@TempDir Path dir) throws Exception {
        try (io.cachectl.testing.RedisServer server = io.cachectl.testing.RedisServer.builder().start();
             Jedis j = server.jedis()) {
            try (Pipeline p = j.pipelined()) {
                for (int i = 0; i < 300; i++) {
                    p.psetex("rate_limit:ip:" + i, 60_000 + i * 800, "1"); // 1m..5m, from exactly min_ttl
                }
                for (int i = 0; i < 100; i++) {
                    p.setex("user:profile:" + i, 900 + i * 9, "p");         // 15m..30m
                }
                p.sync();
            }
            Thread.sleep(300); // time passes: the keys written with exactly min_ttl now have less than that left
            Path policy = dir.resolve("ttl.json");
            Files.writeString(policy, """
                    {"rules": [
                      {"pattern": "rate_limit:*", "min_ttl": "1m", "max_ttl": "5m"},
                      {"pattern": "user:profile:*", "min_ttl": "15m", "max_ttl": "30m"}
                    ]}""");
            var r = cli().url(server.url()).run("ttl-audit", "--json", "--check", "--policy", policy.toString());
            r.expectExit(0);
            assertThat(r.json().get("violating_keys").asLong()).isZero();
            assertThat(r.json().get("notes").toString()).contains("min_ttl is not judged");
            // a TTL set longer than max_ttl is still caught: more time left than max_ttl proves it
            j.setex("rate_limit:ip:long", 3600, "1");
            var bad = cli().url(server.url()).run("ttl-audit", "--check", "--policy", policy.toString()).expectExit(1);
            assertThat(bad.out()).contains("1 keys break rate_limit:* ttl 1m..5m", "(1 with too long a TTL)")
                    .doesNotContain("{too_long=");
        }
    }
}
