package io.cachectl.props;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.scan.Keys;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Properties checked against a real server: cachectl's glob matcher agrees with the server's own
 * SCAN MATCH (stringmatchlen) on generated keys, and every warm record that validation passes is
 * accepted by the server (a load with --skip-invalid writes every record it did not reject).
 */
class ServerPropertiesTest {
    private static RedisServer server;

    @BeforeContainer
    static void start() {
        server = RedisServer.builder().start();
    }

    @AfterContainer
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    // ------------------------------------------------------------------ glob patterns

    private static final String KEY_CHARS = "ab-]^[\\*?";
    private static final List<String> KEYS = new ArrayList<>();

    /** Every key of up to 3 characters over a small alphabet with the glob metacharacters. */
    private static synchronized List<String> keys() {
        if (KEYS.isEmpty()) {
            List<String> all = new ArrayList<>(List.of(""));
            List<String> level = List.of("");
            for (int len = 1; len <= 3; len++) {
                List<String> next = new ArrayList<>();
                for (String p : level) {
                    for (char c : KEY_CHARS.toCharArray()) {
                        next.add(p + c);
                    }
                }
                all.addAll(next);
                level = next;
            }
            all.remove("");
            try (Jedis j = server.jedis()) {
                j.flushAll();
                redis.clients.jedis.Pipeline p = j.pipelined();
                all.forEach(k -> p.set(k, "v"));
                p.sync();
            }
            KEYS.addAll(all);
        }
        return KEYS;
    }

    @Provide
    Arbitrary<String> globs() {
        Arbitrary<String> atom = Arbitraries.oneOf(
                Arbitraries.of("*", "?", "a", "b", "-", "^", "]", "\\*", "\\?", "\\\\", "\\a", "[ab]", "[^a]", "[a-b]",
                        "[b-a]", "[\\]]", "[\\-]", "[^\\]a]", "[-a]", "[]"),
                Arbitraries.strings().withChars("ab-^]").ofMinLength(1).ofMaxLength(3).map(s -> "[" + s + "]"));
        return atom.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l))
                .filter(p -> {
                    try {
                        io.cachectl.scan.Patterns.validate(p);
                        return true;
                    } catch (RuntimeException e) {
                        return false;
                    }
                });
    }

    @Property(tries = 300)
    void cachectls_glob_matcher_matches_exactly_what_the_server_matches(@ForAll("globs") String pattern) {
        List<String> keys = keys();
        Set<String> server = new HashSet<>();
        try (Jedis j = ServerPropertiesTest.server.jedis()) {
            String cursor = "0";
            do {
                ScanResult<String> r = j.scan(cursor, new ScanParams().match(pattern).count(1000));
                server.addAll(r.getResult());
                cursor = r.getCursor();
            } while (!cursor.equals("0"));
        }
        Set<String> ours = new HashSet<>();
        for (String k : keys) {
            if (Keys.globMatch(pattern, k)) {
                ours.add(k);
            }
        }
        assertThat(ours).as("pattern %s", pattern).isEqualTo(server);
    }

    // ------------------------------------------------------------------ warm records

    @Provide
    Arbitrary<String> records() {
        Arbitrary<String> key = Arbitraries.strings().all().ofMinLength(0).ofMaxLength(12);
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(20).map(ServerPropertiesTest::json),
                Arbitraries.of("0", "-1", "1e308", "1e999", "-1e999", "1e-999", "4.9e-324", "true", "null", "[]", "{}",
                        "123456789012345678901234567890", "0.1", "-0", "\"\""));
        Arbitrary<String> ttl = Arbitraries.oneOf(Arbitraries.of("", ",\"ttl\":60", ",\"ttl\":0", ",\"ttl\":-5",
                ",\"ttl\":3153600000", ",\"ttl\":3153600001", ",\"ttl\":1.5", ",\"ttl\":\"60\"", ",\"ttl\":null",
                ",\"ttl\":99999999999999999999"));
        Arbitrary<String> type = Arbitraries.of("", ",\"type\":\"string\"", ",\"type\":\"hash\"", ",\"type\":\"set\"",
                ",\"type\":\"list\"", ",\"type\":\"zset\"", ",\"type\":\"bogus\"");
        Arbitrary<String> value = Combinators.combine(scalar.list().ofMaxSize(3), key.list().ofMaxSize(3))
                .as((vals, names) -> {
                    StringBuilder obj = new StringBuilder("{");
                    for (int i = 0; i < Math.min(vals.size(), names.size()); i++) {
                        obj.append(i > 0 ? "," : "").append(json(names.get(i))).append(':').append(vals.get(i));
                    }
                    return obj.append('}').toString();
                });
        Arbitrary<String> anyValue = Arbitraries.oneOf(scalar, value,
                scalar.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"));
        return Combinators.combine(key, anyValue, ttl, type).as((k, v, t, ty) ->
                "{\"key\":" + json(k) + ",\"value\":" + v + t + ty + "}");
    }

    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    @Property(tries = 60)
    void every_record_validation_passes_is_accepted_by_the_server(@ForAll("recordLists") List<String> lines)
            throws Exception {
        try (Jedis j = server.jedis()) {
            j.flushAll();
        }
        Path f = Files.createTempFile("props", ".jsonl");
        try {
            Files.write(f, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            Path rejects = Files.createTempFile("props", ".rejects.jsonl");
            Cli.Result r = cli().url(server.url()).run("warm", f.toString(), "--yes", "--json", "--skip-invalid",
                    "--rejects", rejects.toString(), "--ttl", "1h");
            Files.deleteIfExists(rejects);
            assertThat(r.exitCode()).as(r.dump()).isIn(0, 2);
            if (r.exitCode() == 0) {
                JsonNode s = r.json();
                long dbsize;
                try (Jedis j = server.jedis()) {
                    dbsize = j.dbSize();
                }
                assertThat(s.get("written").asLong()).as(r.dump()).isEqualTo(s.get("records_read").asLong()
                        - s.get("rejected").asLong());
                assertThat(dbsize).as(r.dump()).isEqualTo(s.get("written").asLong());
                net.jqwik.api.statistics.Statistics.label("records written").collect(s.get("written").asLong() == 0 ? "none"
                        : s.get("rejected").asLong() == 0 ? "all" : "some");
                net.jqwik.api.statistics.Statistics.label("written").collect(s.get("written").asLong() / 5 * 5);
            } else {
                assertThat(r.err()).contains("no records");
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Provide
    Arbitrary<List<String>> recordLists() {
        return records().list().ofMinSize(10).ofMaxSize(30);
    }
}
