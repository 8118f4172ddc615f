package io.cachectl.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.testing.RedisExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class ClusterTargetTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.cluster(3, 1, b -> { });

    @Test
    void cluster_topology_lists_primaries_with_slots_and_their_replicas() {
        try (Target t = Connector.open(ConnectionSettings.of(RedisUrl.parse(redis.cluster().url())))) {
            assertThat(t.isCluster()).isTrue();
            assertThat(t.primaries()).hasSize(3).allMatch(n -> !n.slots().isEmpty());
            assertThat(t.replicas()).hasSize(3).allMatch(n -> n.primaryId() != null);
            long slots = t.primaries().stream().flatMap(n -> n.slots().stream())
                    .mapToLong(r -> r[1] - r[0] + 1).sum();
            assertThat(slots).isEqualTo(16384);
        }
    }

    @Test
    void key_routing_finds_the_primary_that_holds_the_key() {
        try (Target t = Connector.open(ConnectionSettings.of(RedisUrl.parse(redis.cluster().url())))) {
            for (int i = 0; i < 30; i++) {
                String key = "user:profile:" + i;
                t.keyClient().set(key, "v");
                Node owner = t.primaryFor(key.getBytes(StandardCharsets.UTF_8));
                try (Jedis j = t.open(owner)) {
                    assertThat(j.exists(key)).as(key + " on " + owner).isTrue();
                }
            }
            assertThat(Target.slot("{user:1}:a".getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(Target.slot("user:1".getBytes(StandardCharsets.UTF_8)));
        }
    }
}
