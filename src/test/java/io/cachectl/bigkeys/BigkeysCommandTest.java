package io.cachectl.bigkeys;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.testing.RedisExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

class BigkeysCommandTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone(b -> b.enableDebug()
            .aclUser("nomem", "pw", "~* &* +@all -memory"));

    static final byte[] BINARY = {(byte) 0xff, (byte) 0xfe, ':', 'r', 'a', 'w', 0x01};

    @BeforeAll
    static void data() {
        try (Jedis j = redis.server().jedis(); Pipeline p = j.pipelined()) {
            for (int i = 0; i < 500; i++) {
                p.set("user:profile:" + i, "x".repeat(100));
            }
            p.set("big:blob:1", "b".repeat(2 * 1024 * 1024));
            p.set("big:blob:2", "b".repeat(1536 * 1024));
            p.set("mid:blob", "m".repeat(600 * 1024));
            for (int i = 0; i < 1000; i++) {
                p.hset("cart:42", "item" + i, "v" + i);
                p.sadd("tags:all", "t" + (i % 300));
                p.zadd("leaderboard:daily", i, "p" + (i % 800));
            }
            for (int i = 0; i < 5000; i++) {
                p.rpush("queue:jobs", "job" + i);
            }
            p.hset("cart:7", "a", "b");
            p.set(BINARY, "v".getBytes());
            p.sync();
        }
    }

    private JsonNode bigkeys(String... extra) {
        List<String> args = new ArrayList<>(List.of("bigkeys", "--json"));
        args.addAll(List.of(extra));
        return cli().url(redis.server().url()).run(args.toArray(String[]::new)).ok().json();
    }

    @Test
    void json_contract_fields_are_present_with_the_issue_names() {
        JsonNode r = bigkeys();
        assertThat(r.get("keys_scanned").asLong()).isEqualTo(500 + 3 + 4 + 1 + 1);
        assertThat(r.get("estimated").asBoolean()).isFalse();
        JsonNode top = r.get("top_keys").get(0);
        assertThat(top.fieldNames()).toIterable().contains("key", "type", "bytes", "length", "node");
        assertThat(top.get("key").asText()).isEqualTo("big:blob:1");
        assertThat(top.get("length").asLong()).isEqualTo(2 * 1024 * 1024);
        assertThat(top.get("node").asText()).isEqualTo("127.0.0.1:" + redis.server().port());
        assertThat(r.get("over_threshold").get(0).fieldNames()).toIterable().contains("key", "type", "bytes");
        assertThat(r.get("by_type").get("string").fieldNames()).toIterable().contains("keys", "bytes");
        assertThat(r.get("namespaces").get(0).fieldNames()).toIterable().contains("namespace", "keys", "bytes");
        assertThat(r.get("top_keys")).hasSize(20);
    }

    @Test
    void lists_exactly_the_keys_over_the_threshold_and_check_fails() {
        JsonNode r = bigkeys();
        List<String> over = new ArrayList<>();
        r.get("over_threshold").forEach(k -> over.add(k.get("key").asText()));
        assertThat(over).containsExactly("big:blob:1", "big:blob:2");
        JsonNode lower = bigkeys("--threshold", "500KB", "--top", "3");
        List<String> over2 = new ArrayList<>();
        lower.get("over_threshold").forEach(k -> over2.add(k.get("key").asText()));
        assertThat(over2).containsExactly("big:blob:1", "big:blob:2", "mid:blob");
        assertThat(lower.get("top_keys")).hasSize(3);
        cli().url(redis.server().url()).run("bigkeys", "--check").expectExit(1);
        cli().url(redis.server().url()).run("bigkeys", "--check", "--threshold", "3MB").ok();
    }

    @Test
    void biggest_key_per_type_agrees_with_redis_cli_bigkeys_and_memkeys() {
        JsonNode r = bigkeys();
        Map<String, String> byLength = biggest(redis.server().cli("--bigkeys"));
        Map<String, String> byMemory = biggest(redis.server().cli("--memkeys"));
        assertThat(byLength).containsKeys("string", "hash", "list", "set", "zset");
        for (Map.Entry<String, String> e : byLength.entrySet()) {
            assertThat(r.at("/by_type/" + e.getKey() + "/longest_key").asText()).as(e.getKey()).isEqualTo(e.getValue());
        }
        for (Map.Entry<String, String> e : byMemory.entrySet()) {
            assertThat(r.at("/by_type/" + e.getKey() + "/biggest_key").asText()).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    private static Map<String, String> biggest(String redisCliOutput) {
        Map<String, String> out = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^Biggest\\s+(\\w+) found '\"(.*)\"' has").matcher(redisCliOutput);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    @Test
    void namespaces_group_by_prefix_with_ids_collapsed_and_binary_keys_escaped() {
        JsonNode r = bigkeys("--namespaces", "50");
        Map<String, Long> keys = new HashMap<>();
        r.get("namespaces").forEach(n -> keys.put(n.get("namespace").asText(), n.get("keys").asLong()));
        assertThat(keys).containsEntry("user:profile:*", 500L).containsEntry("big:blob:*", 2L)
                .containsEntry("cart:*", 2L).containsEntry("mid:*", 1L).containsEntry("\\xff\\xfe:*", 1L);
        JsonNode shallow = bigkeys("--depth", "1", "--namespaces", "50");
        Map<String, Long> k1 = new HashMap<>();
        shallow.get("namespaces").forEach(n -> k1.put(n.get("namespace").asText(), n.get("keys").asLong()));
        assertThat(k1).containsEntry("user:*", 500L).containsEntry("big:*", 2L);
        JsonNode capped = bigkeys("--namespaces", "2");
        assertThat(capped.get("namespaces")).hasSize(3);
        assertThat(capped.get("namespaces").get(2).get("namespace").asText()).isEqualTo("(other)");
        long sum = 0;
        for (JsonNode n : capped.get("namespaces")) {
            sum += n.get("keys").asLong();
        }
        assertThat(sum).isEqualTo(capped.get("keys_scanned").asLong());
    }

    @Test
    void pipelined_fallback_gives_the_same_answer_as_the_server_side_script() {
        JsonNode script = bigkeys();
        JsonNode pipeline = bigkeys("--no-script");
        assertThat(script.at("/scan/nodes/0/method").asText()).isEqualTo("script");
        assertThat(pipeline.at("/scan/nodes/0/method").asText()).isEqualTo("pipeline");
        assertThat(pipeline.get("top_keys")).isEqualTo(script.get("top_keys"));
        assertThat(pipeline.get("by_type")).isEqualTo(script.get("by_type"));
    }

    @Test
    void listed_keys_carry_their_ttl_read_after_the_scan() {
        try (var j = redis.server().jedis()) {
            j.setex("ttl:big", 500, "x".repeat(3000));
            j.set("ttl:big:forever", "y".repeat(3000));
        }
        try {
            JsonNode r = bigkeys();
            JsonNode withTtl = null;
            JsonNode forever = null;
            for (JsonNode k : r.get("top_keys")) {
                if (k.get("key").asText().equals("ttl:big")) {
                    withTtl = k;
                } else if (k.get("key").asText().equals("ttl:big:forever")) {
                    forever = k;
                }
            }
            assertThat(withTtl).as("ttl:big listed").isNotNull();
            assertThat(withTtl.get("ttl_ms").asLong()).isBetween(400_000L, 500_000L);
            assertThat(forever).as("ttl:big:forever listed").isNotNull();
            assertThat(forever.get("ttl_ms").isNull()).isTrue();
            assertThat(withTtl.has("raw")).isFalse();
        } finally {
            try (var j = redis.server().jedis()) {
                j.del("ttl:big", "ttl:big:forever");
            }
        }
    }

    @Test
    void reports_the_keyspace_hits_the_scan_itself_added() {
        JsonNode r = bigkeys();
        // TYPE + length per key on 7.0 (MEMORY USAGE is not a hit; the TTLs of listed keys are read after the scan)
        assertThat(r.at("/scan/hits_added").asLong()).isEqualTo(2 * r.get("keys_scanned").asLong());
        assertThat(r.at("/scan/keyspace_hits_delta").asLong()).isGreaterThanOrEqualTo(r.at("/scan/hits_added").asLong());
    }

    @Test
    void sample_is_extrapolated_from_dbsize_and_marked_estimated() {
        try (Jedis j = redis.server().jedis()) {
            j.select(3);
            j.sendCommand(io.cachectl.connect.Capabilities.command("DEBUG"), "POPULATE", "20000", "s");
        }
        String url = redis.server().url() + "/3";
        JsonNode r = cli().url(url).run("bigkeys", "--json", "--sample", "2000").ok().json();
        assertThat(r.get("estimated").asBoolean()).isTrue();
        assertThat(r.get("keys_scanned").asLong()).isEqualTo(2000);
        assertThat(r.get("total_keys").asLong()).isEqualTo(20000);
        assertThat(r.at("/by_type/string/keys").asLong()).isEqualTo(20000);
        assertThat(r.at("/scan/extrapolation").asDouble()).isEqualTo(10.0);
        JsonNode pct = cli().url(url).run("bigkeys", "--json", "--sample-pct", "10").ok().json();
        assertThat(pct.get("keys_scanned").asLong()).isEqualTo(2000);
        assertThat(pct.get("estimated").asBoolean()).isTrue();
        String human = cli().url(url).run("bigkeys", "--sample", "500").ok().out();
        assertThat(human).contains("(estimated)");
    }

    @Test
    void without_memory_permission_bigkeys_exits_3_naming_the_permission() {
        var r = cli().url(redis.server().url("nomem", "pw")).run("bigkeys").expectExit(3);
        assertThat(r.err()).contains("MEMORY", "+memory").doesNotContain("pw@");
    }

    @Test
    void human_output_shows_tables_and_the_size_chart() {
        String out = cli().url(redis.server().url()).run("bigkeys", "--top", "5").ok().out();
        assertThat(out).contains("Top 5 keys by memory", "2 keys over 1.0 MB", "By type", "Namespaces by memory",
                "Key sizes", "█", "big:blob:1", "keyspace hits");
        String csv = cli().url(redis.server().url()).run("bigkeys", "--csv", "--top", "2").ok().out();
        assertThat(csv.lines().toList()).hasSize(3);
        assertThat(csv).startsWith("key,type,bytes,length,ttl_ms,node\nbig:blob:1,string,");
    }
}
