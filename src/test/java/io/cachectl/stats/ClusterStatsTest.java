package io.cachectl.stats;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.connect.Info;
import io.cachectl.testing.RedisExtension;
import io.cachectl.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class ClusterStatsTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.cluster(3);

    @Test
    void cluster_stats_cover_every_primary_and_the_aggregate_is_the_sum() {
        // write through redis-cli -c so keys spread over the slots of all three primaries
        RedisServer seed = redis.cluster().seed();
        for (int i = 0; i < 60; i++) {
            seed.cli("-c", "SET", "user:profile:" + i, "v" + i);
            seed.cli("-c", "GET", "user:profile:" + i);
        }
        JsonNode r = cli().url(redis.cluster().url()).run("stats", "--json").ok().json();
        assertThat(r.get("mode").asText()).isEqualTo("cluster");
        assertThat(r.get("nodes")).hasSize(3);
        long keys = 0;
        long hits = 0;
        for (RedisServer node : redis.cluster().primaries()) {
            try (Jedis j = node.jedis()) {
                Info info = Info.parse(j.info());
                hits += info.getLong("keyspace_hits");
                keys += j.dbSize();
            }
        }
        long sumKeys = 0;
        long sumHits = 0;
        for (JsonNode n : r.get("nodes")) {
            assertThat(n.at("/keyspace/0/keys").asLong()).isPositive(); // every primary holds some keys
            sumKeys += n.at("/keyspace/0/keys").asLong();
            sumHits += n.at("/traffic/hits").asLong();
        }
        assertThat(keys).isEqualTo(60);
        assertThat(r.at("/total/keyspace/0/keys").asLong()).isEqualTo(sumKeys).isEqualTo(keys);
        assertThat(r.at("/total/traffic/hits").asLong()).isEqualTo(sumHits).isEqualTo(hits);
        assertThat(r.at("/total/latency/samples").asLong()).isEqualTo(300);

        String human = cli().url(redis.cluster().url()).run("stats").ok().out();
        assertThat(human).contains("cluster", "3 nodes", "node", "role");
        for (RedisServer node : redis.cluster().primaries()) {
            assertThat(human).contains("127.0.0.1:" + node.port());
        }
    }

    @Test
    void no_cluster_flag_treats_one_node_as_a_single_server() {
        JsonNode r = cli().url(redis.cluster().url()).run("stats", "--no-cluster", "--json").ok().json();
        assertThat(r.get("mode").asText()).isEqualTo("standalone");
        assertThat(r.get("nodes")).hasSize(1);
    }
}
