package io.cachectl.bench;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.connect.Info;
import io.cachectl.testing.RedisExtension;
import io.cachectl.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class ClusterBenchTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.cluster(3);

    private List<Long> lookupsPerPrimary() {
        List<Long> out = new ArrayList<>();
        for (RedisServer node : redis.cluster().primaries()) {
            try (Jedis j = node.jedis()) {
                Info info = Info.parse(j.info());
                out.add(info.getLong("keyspace_hits") + info.getLong("keyspace_misses"));
            }
        }
        return out;
    }

    @Test
    void every_workload_runs_on_a_cluster_spread_over_the_primaries_by_slot_and_cleans_up() {
        for (String workload : List.of("get", "set", "mixed", "cache-aside", "write-through")) {
            List<Long> before = lookupsPerPrimary();
            JsonNode r = cli().url(redis.cluster().url()).run("bench", workload, "-n", "3000", "-c", "6", "-r", "300",
                    "--backend-ms", "1", "--json").ok().json();
            assertThat(r.get("mode").asText()).isEqualTo("cluster");
            assertThat(r.get("errors").asLong()).as(workload + ": no MOVED or other errors").isZero();
            assertThat(r.at("/parameters/nodes").asInt()).isEqualTo(3);
            if (!workload.equals("set")) {
                // the server's own counters, summed over the primaries, match what bench saw
                assertThat(r.at("/server/keyspace_hits").asLong()).isEqualTo(r.get("hits").asLong());
                assertThat(r.at("/server/keyspace_misses").asLong()).isEqualTo(r.get("misses").asLong());
                List<Long> after = lookupsPerPrimary();
                for (int i = 0; i < after.size(); i++) {
                    assertThat(after.get(i) - before.get(i)).as(workload + ": primary " + i + " got traffic")
                            .isPositive();
                }
            }
            for (RedisServer node : redis.cluster().primaries()) {
                try (Jedis j = node.jedis()) {
                    assertThat(j.dbSize()).as(workload + ": keys left on " + node).isZero();
                }
            }
        }
    }

    @Test
    void tls_connections_work_through_the_same_engine() {
        try (RedisServer tls = RedisServer.builder().tls().start()) {
            JsonNode r = cli().url(tls.url()).run("bench", "cache-aside", "-n", "2000", "-c", "4", "-P", "4", "-r",
                    "100", "--backend-ms", "0", "--tls-ca-cert", tls.caCertPem().toString(), "--json").ok().json();
            assertThat(r.at("/server/keyspace_hits").asLong()).isEqualTo(r.get("hits").asLong());
            assertThat(r.get("hits").asLong()).isPositive();
            try (Jedis j = tls.jedis()) {
                assertThat(j.dbSize()).isZero();
            }
        }
    }
}
