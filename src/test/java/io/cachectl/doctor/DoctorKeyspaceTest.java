package io.cachectl.doctor;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/** doctor's keyspace evidence comes from the scan engine (sampled bigkeys + ttl-audit). */
class DoctorKeyspaceTest {

    private static JsonNode diagnosis(JsonNode report, String rule) {
        List<String> rules = new ArrayList<>();
        for (JsonNode d : report.get("diagnoses")) {
            if (d.get("rule").asText().equals(rule)) {
                return d;
            }
            rules.add(d.get("rule").asText());
        }
        throw new AssertionError("no diagnosis " + rule + " among " + rules + " in " + report);
    }

    @Test
    void big_keys_and_keys_without_ttl_are_diagnosed_from_a_sampled_survey() {
        try (RedisServer server = RedisServer.builder().maxmemory("500mb").start(); Jedis j = server.jedis()) {
            j.set("report:export:2026-11", "x".repeat(1_500_000)); // over 1 MB, never expires
            j.setex("report:export:2026-10", 3600, "y".repeat(1_200_000));
            Pipeline p = j.pipelined();
            for (int i = 0; i < 500; i++) {
                p.setex("user:profile:" + i, 1200, "{\"id\":" + i + "}");
                p.set("legacy:item:" + i, "{}"); // no TTL
            }
            p.sync();
            JsonNode report = cli().url(server.url()).run("doctor", "--json", "--interval", "0").ok().json();
            JsonNode big = diagnosis(report, "big_keys");
            assertThat(big.get("evidence").toString()).contains("report:export:2026-11", "report:export:2026-10");
            JsonNode noTtl = diagnosis(report, "no_ttl");
            assertThat(noTtl.get("summary").asText()).contains("501");
            assertThat(report.at("/keyspace/no_ttl_keys").asLong()).isEqualTo(501);
            assertThat(report.at("/keyspace/keys_scanned").asLong()).isEqualTo(1002);
            assertThat(report.at("/keyspace/sampled").asBoolean()).isFalse();

            JsonNode skipped = cli().url(server.url()).run("doctor", "--json", "--interval", "0", "--sample", "0")
                    .ok().json();
            assertThat(skipped.get("keyspace").isNull()).isTrue();
        }
    }
}
