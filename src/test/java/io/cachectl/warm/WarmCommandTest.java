package io.cachectl.warm;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

class WarmCommandTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone();

    @TempDir
    Path dir;

    private String url;

    @BeforeEach
    void reset() {
        url = redis.server().url();
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
        }
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private long dbsize() {
        try (Jedis j = redis.server().jedis()) {
            return j.dbSize();
        }
    }

    private Cli.Result warm(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "warm";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli().url(url).run(all);
    }

    @Test
    void values_ttls_and_types_round_trip_exactly() throws IOException {
        Path f = file("cache.jsonl", String.join("\n",
                "{\"key\":\"user:profile:1\",\"value\":{\"name\":\"Zoë\",\"tags\":[1,2.5,true,null]},\"ttl\":600}",
                "{\"key\":\"s:quoted\",\"value\":\"abc \\\"q\\\" \\u00e9\",\"ttl\":60}",
                "  {\"ttl\": 120, \"value\" : [ 1 , {\"a\" : \"b\"} ] , \"key\" : \"s:array\"}  ",
                "",
                "{\"key\":\"s:number\",\"value\":-12.5e3}",
                "{\"key\":\"s:null\",\"value\":null}",
                "{\"key\":\"k:\\u00e9t\\u00e9\",\"value\":true}",
                "{\"key\":\"h:1\",\"type\":\"hash\",\"value\":{\"name\":\"Alice\",\"age\":42,\"meta\":{\"x\":1}},\"ttl\":300}",
                "{\"key\":\"set:1\",\"type\":\"set\",\"value\":[\"a\",\"b\",\"a\"],\"ttl\":300}",
                "{\"key\":\"list:1\",\"type\":\"list\",\"value\":[\"x\",2,\"x\"],\"ttl\":300}",
                "{\"key\":\"z:1\",\"type\":\"zset\",\"value\":{\"m1\":1.5,\"m2\":-3},\"ttl\":300}",
                ""));
        JsonNode r = warm(f.toString(), "--yes", "--ttl", "15m", "--json").ok().json();
        assertThat(r.get("records_read").asLong()).isEqualTo(10);
        assertThat(r.get("written").asLong()).isEqualTo(10);
        assertThat(r.get("skipped").asLong()).isZero();
        assertThat(r.get("rejected").asLong()).isZero();
        assertThat(r.get("errors")).isEmpty();
        try (Jedis j = redis.server().jedis()) {
            assertThat(j.dbSize()).isEqualTo(10);
            assertThat(j.get("user:profile:1")).isEqualTo("{\"name\":\"Zoë\",\"tags\":[1,2.5,true,null]}");
            assertThat(j.ttl("user:profile:1")).isBetween(595L, 600L);
            assertThat(j.get("s:quoted")).isEqualTo("\"abc \\\"q\\\" \\u00e9\""); // JSON text, quotes kept
            assertThat(j.get("s:array")).isEqualTo("[ 1 , {\"a\" : \"b\"} ]");     // exactly as written
            assertThat(j.ttl("s:array")).isBetween(115L, 120L);
            assertThat(j.get("s:number")).isEqualTo("-12.5e3");
            assertThat(j.ttl("s:number")).isBetween(895L, 900L);                  // --ttl default
            assertThat(j.get("s:null")).isEqualTo("null");
            assertThat(j.get("k:été")).isEqualTo("true");
            assertThat(j.hgetAll("h:1")).isEqualTo(Map.of("name", "Alice", "age", "42", "meta", "{\"x\":1}"));
            assertThat(j.ttl("h:1")).isBetween(295L, 300L);
            assertThat(j.smembers("set:1")).containsExactlyInAnyOrder("a", "b");
            assertThat(j.lrange("list:1", 0, -1)).containsExactly("x", "2", "x");
            assertThat(j.zrangeWithScores("z:1", 0, -1)).containsExactly(new Tuple("m2", -3.0), new Tuple("m1", 1.5));
            assertThat(j.ttl("z:1")).isBetween(295L, 300L);
        }
    }

    @Test
    void raw_strings_stores_string_values_without_quotes() throws IOException {
        Path f = file("raw.jsonl", "{\"key\":\"a\",\"value\":\"plain\",\"ttl\":60}\n"
                + "{\"key\":\"b\",\"value\":\"tab\\there\",\"ttl\":60}\n{\"key\":\"c\",\"value\":{\"x\":1},\"ttl\":60}\n");
        warm(f.toString(), "--yes", "--raw-strings").ok();
        try (Jedis j = redis.server().jedis()) {
            assertThat(j.get("a")).isEqualTo("plain");
            assertThat(j.get("b")).isEqualTo("tab\there");
            assertThat(j.get("c")).isEqualTo("{\"x\":1}");
        }
    }

    @Test
    void csv_with_header_gzip_and_stdin() throws IOException {
        String csv = "key,ttl,value\r\nc:1,60,hello\r\nc:2,,\"a,b \"\"q\"\"\"\r\n\r\n\"c:3\",30,{\"j\":1}x\r\n";
        // the last row is bad: a quote inside an unquoted field
        Path f = file("data.csv", csv.replace("{\"j\":1}x", "\"{\"\"j\"\":1}\""));
        JsonNode r = warm(f.toString(), "--yes", "--ttl", "1h", "--json").ok().json();
        assertThat(r.get("written").asLong()).isEqualTo(3);
        try (Jedis j = redis.server().jedis()) {
            assertThat(j.get("c:1")).isEqualTo("hello");
            assertThat(j.ttl("c:1")).isBetween(55L, 60L);
            assertThat(j.get("c:2")).isEqualTo("a,b \"q\"");
            assertThat(j.ttl("c:2")).isBetween(3595L, 3600L);
            assertThat(j.get("c:3")).isEqualTo("{\"j\":1}");
            j.flushAll();
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write("{\"key\":\"g:1\",\"value\":1,\"ttl\":60}\n{\"key\":\"g:2\",\"value\":2,\"ttl\":60}".getBytes(
                    StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve("data.jsonl.gz"), gz.toByteArray());
        warm(dir.resolve("data.jsonl.gz").toString(), "--yes").ok();
        assertThat(dbsize()).isEqualTo(2);
        JsonNode s = cli().url(url).stdin(gz.toByteArray()).run("warm", "-", "--nx", "--json").ok().json();
        assertThat(s.get("skipped").asLong()).isEqualTo(2); // --nx: both keys exist
        assertThat(s.at("/skipped_by/exists").asLong()).isEqualTo(2);
    }

    @Test
    void malformed_records_are_reported_by_line_and_nothing_is_written() throws IOException {
        byte[] junk = {'{', '"', 'k', (byte) 0xC3, (byte) 0x28, '"', '}'};
        String good = "{\"key\":\"ok:%d\",\"value\":1,\"ttl\":60}\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(good.formatted(1).getBytes(StandardCharsets.UTF_8));
        b.writeBytes("{\"key\":\"x\",\"value\":{\"a\":1,},\"ttl\":60}\n".getBytes(StandardCharsets.UTF_8)); // 2
        b.writeBytes("{\"value\":1,\"ttl\":60}\n".getBytes(StandardCharsets.UTF_8));                      // 3
        b.writeBytes("{\"key\":\"t\",\"value\":1,\"ttl\":\"soon\"}\n".getBytes(StandardCharsets.UTF_8));   // 4
        b.writeBytes(junk);                                                                                  // 5
        b.writeBytes("\n{\"key\":\"big\",\"value\":\"".getBytes(StandardCharsets.UTF_8));                 // 6
        b.writeBytes("x".repeat(3 << 20).getBytes(StandardCharsets.UTF_8));
        b.writeBytes("\",\"ttl\":60}\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(good.formatted(7).getBytes(StandardCharsets.UTF_8));                                 // 7
        b.writeBytes("{\"key\":\"t0\",\"value\":1,\"ttl\":0}\n".getBytes(StandardCharsets.UTF_8));        // 8
        b.writeBytes("{\"key\":\"nottl\",\"value\":1}\n".getBytes(StandardCharsets.UTF_8));                // 9
        b.writeBytes(good.formatted(1).getBytes(StandardCharsets.UTF_8));                                 // 10 dup
        b.writeBytes("{\"key\":\"v\",\"value\":\"".getBytes(StandardCharsets.UTF_8));                      // 11
        b.writeBytes("y".repeat(2000).getBytes(StandardCharsets.UTF_8));
        b.writeBytes("\",\"ttl\":60}\n".getBytes(StandardCharsets.UTF_8));
        Path f = Files.write(dir.resolve("bad.jsonl"), b.toByteArray());
        Cli.Result r = warm(f.toString(), "--yes", "--json", "--max-value-size", "1kb").expectExit(2);
        assertThat(dbsize()).isZero();
        String name = f.toString();
        assertThat(r.err()).contains(name + ":2: invalid JSON at column")
                .contains(name + ":3: missing \"key\"")
                .contains(name + ":4: \"ttl\" must be a whole number of seconds, got a string \"soon\"")
                .contains(name + ":5: invalid UTF-8 at byte 4")
                .contains(name + ":6: line is 3.0 MB long")
                .contains(name + ":8: \"ttl\" 0 is out of range")
                .contains(name + ":9: no ttl")
                .contains(name + ":10: duplicate key \"ok:1\" (first at line 1")
                .contains(name + ":11: value is over --max-value-size 1.0 KB")
                .contains("nothing was written");
        JsonNode j = r.json();
        assertThat(j.get("status").asText()).isEqualTo("invalid");
        assertThat(j.get("records_read").asLong()).isEqualTo(11);
        assertThat(j.get("rejected").asLong()).isEqualTo(9);
        assertThat(j.get("written").asLong()).isZero();
        assertThat(j.get("written").asLong() + j.get("skipped").asLong() + j.get("rejected").asLong()).isEqualTo(11);
        assertThat(j.get("errors")).hasSize(9);
        assertThat(j.at("/errors/0/line").asLong()).isEqualTo(2);
        assertThat(j.at("/errors/0/reason").asText()).startsWith("invalid JSON");
    }

    @Test
    void large_files_validated_in_parallel_report_true_line_numbers_and_cross_half_duplicates() throws IOException {
        int n = 120_000; // ≈ 10 MB: validated in two halves
        StringBuilder sb = new StringBuilder();
        String pad = "p".repeat(40);
        for (int i = 1; i <= n; i++) {
            if (i == 7) {
                sb.append("{broken\n");
            } else if (i == n - 3) {
                sb.append("{\"key\":\"k:100\",\"value\":1,\"ttl\":60}\n"); // duplicate of line 100
            } else if (i == n - 1) {
                sb.append("{\"key\":\"late\",\"value\":1}\n");
            } else {
                sb.append("{\"key\":\"k:").append(i).append("\",\"value\":{\"pad\":\"").append(pad)
                        .append("\"},\"ttl\":60}\n");
            }
        }
        Path f = file("big.jsonl", sb.toString());
        assertThat(Files.size(f)).isGreaterThan(8 << 20);
        Cli.Result r = warm(f.toString(), "--dry-run", "--json").expectExit(2);
        JsonNode j = r.json();
        assertThat(j.get("records_read").asLong()).isEqualTo(n);
        assertThat(j.get("lines").asLong()).isEqualTo(n);
        assertThat(j.get("rejected").asLong()).isEqualTo(3);
        assertThat(r.err()).contains(f + ":7: invalid JSON")
                .contains(f + ":" + (n - 3) + ": duplicate key \"k:100\" (first at line 100")
                .contains(f + ":" + (n - 1) + ": no ttl");
    }

    @Test
    void errors_beyond_the_limit_are_counted() throws IOException {
        Path f = file("many.jsonl", "not json\n".repeat(50));
        Cli.Result r = warm(f.toString(), "--dry-run", "--max-errors", "3").expectExit(2);
        assertThat(r.err()).contains(f + ":1: invalid JSON").contains(f + ":3:").doesNotContain(f + ":4:")
                .contains("… and 47 more bad records");
    }

    @Test
    void empty_files_and_bad_csv_headers_are_refused() throws IOException {
        assertThat(warm(file("empty.jsonl", "").toString(), "--yes").expectExit(2).err()).contains("no records");
        assertThat(warm(file("blank.jsonl", "\n  \n").toString(), "--yes").expectExit(2).err()).contains("no records");
        assertThat(warm(file("h.csv", "name,value\na,1\n").toString(), "--yes").expectExit(2).err())
                .contains("h.csv:1: unknown CSV column \"name\"");
        assertThat(warm(dir.resolve("missing.jsonl").toString(), "--yes").expectExit(2).err()).contains("no such file");
        assertThat(dbsize()).isZero();
    }

    @Test
    void skip_invalid_writes_good_records_and_puts_bad_lines_in_the_rejects_file() throws IOException {
        Path f = file("mixed.jsonl", "{\"key\":\"a\",\"value\":1,\"ttl\":60}\nbroken\n{\"key\":\"b\",\"value\":2,\"ttl\":60}\n"
                + "{\"key\":\"a\",\"value\":3,\"ttl\":60}\n{\"key\":\"c\",\"value\":4}\n");
        JsonNode r = warm(f.toString(), "--yes", "--skip-invalid", "--json").ok().json();
        assertThat(r.get("records_read").asLong()).isEqualTo(5);
        assertThat(r.get("written").asLong()).isEqualTo(2);
        assertThat(r.get("rejected").asLong()).isEqualTo(3);
        Path rejects = dir.resolve("mixed.rejects.jsonl");
        assertThat(r.get("rejects_file").asText()).isEqualTo(rejects.toString());
        assertThat(Files.readAllLines(rejects)).containsExactly("broken", "{\"key\":\"a\",\"value\":3,\"ttl\":60}",
                "{\"key\":\"c\",\"value\":4}");
        assertThat(r.get("errors")).hasSize(3);
        try (Jedis j = redis.server().jedis()) {
            assertThat(j.get("a")).isEqualTo("1"); // the first occurrence wins
            assertThat(j.get("b")).isEqualTo("2");
            assertThat(j.dbSize()).isEqualTo(2);
        }
        Path csv = file("m.csv", "key,value,ttl\nx,1,60\ny,2,never\n");
        Path out = dir.resolve("out.csv");
        warm(csv.toString(), "--yes", "--skip-invalid", "--rejects", out.toString()).ok();
        assertThat(Files.readAllLines(out)).containsExactly("key,value,ttl", "y,2,never");
    }

    @Test
    void overwriting_needs_yes_off_a_terminal_but_nx_and_dry_run_do_not() throws IOException {
        Path f = file("y.jsonl", "{\"key\":\"a\",\"value\":1,\"ttl\":60}\n");
        Cli.Result r = warm(f.toString()).expectExit(2);
        assertThat(r.err()).contains("pass --yes");
        assertThat(dbsize()).isZero();
        JsonNode dry = warm(f.toString(), "--dry-run", "--json").ok().json();
        assertThat(dry.get("status").asText()).isEqualTo("dry_run");
        assertThat(dry.at("/skipped_by/dry_run").asLong()).isEqualTo(1);
        assertThat(dbsize()).isZero();
        warm(f.toString(), "--nx").ok();
        assertThat(dbsize()).isEqualTo(1);
        try (Jedis j = redis.server().jedis()) {
            j.set("a", "old");
        }
        JsonNode nx = warm(f.toString(), "--nx", "--json").ok().json();
        assertThat(nx.get("written").asLong()).isZero();
        assertThat(nx.get("skipped").asLong()).isEqualTo(1);
        // on a terminal: asks; "n" writes nothing, "y" overwrites
        Cli.Result no = cli().url(url).terminal("n\n").run("warm", f.toString());
        no.expectExit(2);
        assertThat(no.err()).contains("Write 1 records to " + url + "? Existing keys are overwritten.");
        try (Jedis j = redis.server().jedis()) {
            assertThat(j.get("a")).isEqualTo("old");
        }
        cli().url(url).terminal("y\n").run("warm", f.toString()).ok();
        try (Jedis j = redis.server().jedis()) {
            assertThat(j.get("a")).isEqualTo("1");
        }
    }

    @Test
    void records_without_ttl_need_allow_no_ttl() throws IOException {
        Path f = file("n.jsonl", "{\"key\":\"a\",\"value\":1}\n");
        assertThat(warm(f.toString(), "--yes").expectExit(2).err()).contains(f + ":1: no ttl");
        warm(f.toString(), "--yes", "--allow-no-ttl").ok();
        try (Jedis j = redis.server().jedis()) {
            assertThat(j.ttl("a")).isEqualTo(-1);
        }
    }

    @Test
    void human_summary_adds_up() throws IOException {
        Path f = file("h.jsonl", "{\"key\":\"a\",\"value\":1,\"ttl\":60}\n{\"key\":\"b\",\"value\":1,\"ttl\":60}\n");
        Cli.Result r = warm(f.toString(), "--yes").ok();
        assertThat(r.out()).contains("done").containsPattern("written\\s+2").containsPattern("read\\s+2");
    }

    static List<String> lines(String s) {
        return List.of(s.split("\n"));
    }
}
