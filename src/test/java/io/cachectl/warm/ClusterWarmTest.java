package io.cachectl.warm;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.testing.RedisExtension;
import io.cachectl.testing.RedisServer;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

class ClusterWarmTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.cluster(3);

    @TempDir
    Path dir;

    @BeforeEach
    void flush() {
        for (RedisServer n : redis.cluster().primaries()) {
            try (Jedis j = n.jedis()) {
                j.flushAll();
            }
        }
    }

    /** One key per hash slot (16384 keys), plus the slot of each key. */
    private static Map<String, Integer> keyPerSlot() {
        Map<Integer, String> bySlot = new HashMap<>();
        for (int i = 0; bySlot.size() < 16384; i++) {
            String k = "page:" + i;
            bySlot.putIfAbsent(JedisClusterCRC16.getSlot(k), k);
        }
        Map<String, Integer> keys = new HashMap<>();
        bySlot.forEach((slot, key) -> keys.put(key, slot));
        return keys;
    }

    @Test
    void warm_writes_keys_of_every_slot_to_the_primary_that_owns_it() throws IOException {
        Map<String, Integer> keys = keyPerSlot();
        Path f = dir.resolve("slots.jsonl");
        try (Writer w = Files.newBufferedWriter(f)) {
            for (String k : keys.keySet()) {
                w.write("{\"key\":\"" + k + "\",\"value\":{\"k\":\"" + k + "\"},\"ttl\":600}\n");
            }
            w.write("{\"key\":\"h:{1}\",\"type\":\"hash\",\"value\":{\"a\":1},\"ttl\":600}\n");
        }
        JsonNode r = cli().url(redis.cluster().url()).run("warm", f.toString(), "--yes", "--json").ok().json();
        assertThat(r.get("mode").asText()).isEqualTo("cluster");
        assertThat(r.get("written").asLong()).isEqualTo(16385);
        assertThat(r.get("nodes")).hasSize(3);
        long total = 0;
        for (RedisServer n : redis.cluster().primaries()) {
            try (Jedis j = n.jedis()) {
                long size = j.dbSize();
                total += size;
                JsonNode node = null;
                for (JsonNode x : r.get("nodes")) {
                    if (x.get("node").asText().equals("127.0.0.1:" + n.port())) {
                        node = x;
                    }
                }
                assertThat(node).isNotNull();
                assertThat(node.get("written").asLong()).isEqualTo(size);
                assertThat(node.get("redirects").asLong()).isZero();
            }
        }
        assertThat(total).isEqualTo(16385);
        try (Jedis j = owner(JedisClusterCRC16.getSlot("page:0")).jedis()) {
            assertThat(j.get("page:0")).isEqualTo("{\"k\":\"page:0\"}");
            assertThat(j.ttl("page:0")).isBetween(595L, 600L);
        }
    }

    @Test
    void warm_follows_ask_redirects_while_a_slot_is_migrating() throws IOException {
        Path f = dir.resolve("moving.jsonl");
        List<String> keys = List.of("{moving}:1", "{moving}:2", "{moving}:3");
        assertThat(JedisClusterCRC16.getSlot("{moving}:1")).isEqualTo(JedisClusterCRC16.getSlot("moving"));
        int movingSlot = JedisClusterCRC16.getSlot("moving");
        RedisServer source = owner(movingSlot);
        RedisServer target = redis.cluster().primaries().stream().filter(n -> n != source).findFirst().orElseThrow();
        StringBuilder sb = new StringBuilder();
        keys.forEach(k -> sb.append("{\"key\":\"").append(k).append("\",\"value\":1,\"ttl\":60}\n"));
        Files.writeString(f, sb);
        source.cli("CLUSTER", "SETSLOT", String.valueOf(movingSlot), "MIGRATING", id(target));
        target.cli("CLUSTER", "SETSLOT", String.valueOf(movingSlot), "IMPORTING", id(source));
        try {
            JsonNode r = cli().url(redis.cluster().url()).run("warm", f.toString(), "--yes", "--json").ok().json();
            assertThat(r.get("written").asLong()).isEqualTo(3);
            long redirects = 0;
            for (JsonNode n : r.get("nodes")) {
                redirects += n.get("redirects").asLong();
            }
            assertThat(redirects).isEqualTo(3);
            assertThat(target.cli("CLUSTER", "COUNTKEYSINSLOT", String.valueOf(movingSlot)).trim()).isEqualTo("3");
            assertThat(source.cli("CLUSTER", "COUNTKEYSINSLOT", String.valueOf(movingSlot)).trim()).isEqualTo("0");
        } finally {
            target.cli("FLUSHALL");
            source.cli("CLUSTER", "SETSLOT", String.valueOf(movingSlot), "STABLE");
            target.cli("CLUSTER", "SETSLOT", String.valueOf(movingSlot), "STABLE");
        }
    }

    private static RedisServer owner(int slot) {
        for (RedisServer n : redis.cluster().primaries()) {
            String nodes = n.cli("CLUSTER", "NODES");
            for (String line : nodes.split("\n")) {
                if (line.contains("myself")) {
                    String[] parts = line.trim().split(" ");
                    for (int i = 8; i < parts.length; i++) {
                        String[] range = parts[i].split("-");
                        int lo = Integer.parseInt(range[0]);
                        int hi = range.length > 1 ? Integer.parseInt(range[1]) : lo;
                        if (slot >= lo && slot <= hi) {
                            return n;
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("no owner for slot " + slot);
    }

    private static String id(RedisServer n) {
        return n.cli("CLUSTER", "MYID").trim();
    }
}
