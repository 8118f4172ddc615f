package io.cachectl.faults;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisCluster;
import io.cachectl.testing.RedisServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Issue 11 leftover: after a CLUSTER FAILOVER mid-load, the promoted replica gets its own lane (the
 * slot map is read again on the first MOVED to it) instead of every later record of its slots being
 * redirected one at a time.
 */
class WarmAfterFailoverTest {
    @TempDir
    Path dir;

    @Test
    void after_a_failover_the_new_primary_gets_its_own_lane_instead_of_one_redirect_per_record() throws Exception {
        int n = 200_000;
        Path f = Matrix.records(dir, n);
        try (RedisCluster c = RedisCluster.start(3, 1)) {
            RedisServer old = c.primaries().get(0);
            RedisServer replica = c.nodes().stream().filter(nd -> !c.primaries().contains(nd))
                    .filter(nd -> nd.cli("ROLE").contains(String.valueOf(old.port()))).findFirst().orElseThrow();
            Thread fo = Matrix.whenKeys(old, k -> k >= 2000, () -> replica.cli("CLUSTER", "FAILOVER"));
            Cli.Result r = cli().url(c.url()).run("warm", f.toString(), "--yes", "--json", "--pipeline", "100",
                    "--timeout", "2s");
            fo.join();
            JsonNode json = r.ok().json();
            long onPrimaries = ClusterFaultMatrixTest.keysOnPrimaries(c);
            assertThat(onPrimaries).as(r.dump()).isEqualTo(n);
            long redirects = 0;
            long byNewPrimary = 0;
            for (JsonNode node : json.get("nodes")) {
                redirects += node.get("redirects").asLong();
                if (node.get("node").asText().endsWith(":" + replica.port())) {
                    byNewPrimary = node.get("written").asLong();
                }
            }
            try (Jedis j = replica.jedis()) {
                assertThat(j.role().get(0).toString()).as("the failover happened during the load").isEqualTo("master");
            }
            assertThat(byNewPrimary).as(r.dump()).isPositive();
            assertThat(redirects).as("at most the records already queued for the old primary: " + r.dump())
                    .isLessThan(5000);
        }
    }
}
