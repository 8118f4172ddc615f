package io.cachectl.invalidate;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.Connector;
import io.cachectl.connect.RedisUrl;
import io.cachectl.connect.Target;
import io.cachectl.testing.RedisExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClusterInvalidateTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.cluster(3);

    @BeforeEach
    void seed() {
        try (Target t = target()) {
            t.primaries().forEach(n -> {
                try (var j = t.open(n)) {
                    j.flushAll();
                }
            });
            for (int i = 0; i < 300; i++) {
                t.keyClient().set("user:profile:" + i, "v");
                t.keyClient().set("session:" + i, "v");
                t.keyClient().set("user:{42}:item:" + i, "v");
            }
        }
    }

    private Target target() {
        return Connector.open(ConnectionSettings.of(RedisUrl.parse(redis.cluster().url())));
    }

    private long count(String prefix) {
        long n = 0;
        try (Target t = target()) {
            for (var node : t.primaries()) {
                try (var j = t.open(node)) {
                    n += j.keys(prefix + "*").size(); // test-side check only
                }
            }
        }
        return n;
    }

    @Test
    void invalidate_deletes_only_matching_keys_across_all_primaries() {
        JsonNode r = cli().url(redis.cluster().url()).run("invalidate", "user:profile:*", "--yes", "--json")
                .ok().json();
        assertThat(r.get("deleted").asLong()).isEqualTo(300);
        assertThat(r.get("nodes")).hasSize(3);
        r.get("nodes").forEach(n -> assertThat(n.get("deleted").asLong()).isPositive());
        assertThat(count("user:profile:")).isZero();
        assertThat(count("session:")).isEqualTo(300);
        assertThat(count("user:{42}:")).isEqualTo(300);
    }

    @Test
    void a_hash_tag_pattern_scans_only_the_node_owning_the_slot() {
        JsonNode r = cli().url(redis.cluster().url()).run("invalidate", "user:{42}:*", "--yes", "--json").ok().json();
        assertThat(r.get("nodes")).hasSize(1);
        assertThat(r.get("deleted").asLong()).isEqualTo(300);
        try (Target t = target()) {
            assertThat(r.at("/nodes/0/node").asText())
                    .isEqualTo(t.primaryFor("user:{42}:x".getBytes(StandardCharsets.UTF_8)).address());
        }
        assertThat(count("user:profile:")).isEqualTo(300);
    }

    @Test
    void keys_from_routes_each_key_to_its_primary() throws Exception {
        java.nio.file.Path list = java.nio.file.Files.createTempFile("keys", ".txt");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            sb.append("session:").append(i).append('\n');
        }
        java.nio.file.Files.writeString(list, sb);
        JsonNode r = cli().url(redis.cluster().url()).run("invalidate", "--keys-from", list.toString(), "--yes",
                "--json").ok().json();
        assertThat(r.get("deleted").asLong()).isEqualTo(100);
        assertThat(count("session:")).isEqualTo(200);
        java.nio.file.Files.delete(list);
    }
}
