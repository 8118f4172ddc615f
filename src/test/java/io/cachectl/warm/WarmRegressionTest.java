package io.cachectl.warm;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisServer;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** Regression tests for the warm defects of issue 11's fault campaign (D1, D2, D6, D12, D14, D15…). */
class WarmRegressionTest {
    @TempDir
    Path dir;

    private Path records(String name, int n) throws IOException {
        Path f = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(f)) {
            for (int i = 1; i <= n; i++) {
                w.write("{\"key\":\"r:" + i + "\",\"value\":\"v" + i + "\",\"ttl\":3600}\n");
            }
        }
        return f;
    }

    private static long dbsize(RedisServer s) {
        try (Jedis j = s.jedis()) {
            return j.dbSize();
        }
    }

    /** D1: the lane's sender died connecting; the reader then offered its poison chunk forever. */
    @Test
    void warm_that_cannot_open_its_write_connection_ends_with_exit_4_instead_of_hanging() throws Exception {
        Path f = records("w.jsonl", 12_000);
        try (RedisServer server = RedisServer.builder().start()) {
            server.cli("CONFIG", "SET", "maxclients", "1"); // cachectl's first connection is the only one allowed
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(server.url()).run("warm", f.toString(), "--yes", "--json", "--pipeline", "100");
            double secs = (System.nanoTime() - t0) / 1e9;
            r.expectExit(4);
            assertThat(secs).as("ends after the reconnect backoff (~6.3 s)").isLessThan(30);
            JsonNode j = r.json();
            assertThat(j.get("status").asText()).isEqualTo("failed");
            assertThat(j.get("written").asLong()).isZero();
            assertThat(j.get("resume_line").asLong()).isEqualTo(1);
            assertThat(r.err()).contains("could not connect to 127.0.0.1:" + server.port())
                    .contains("continue with --resume-from 1");
            server.cli("CONFIG", "SET", "maxclients", "100");
            assertThat(dbsize(server)).isZero();
        }
    }

    /** D15: "6 retries over 6.3 s" was the sum of the backoff delays, not the time spent (~41 s). */
    @Test
    void giving_up_on_a_frozen_server_reports_the_real_time_since_the_connection_was_lost() throws Exception {
        Path f = records("w.jsonl", 100_000);
        try (RedisServer server = RedisServer.builder().start()) {
            Thread freezer = new Thread(() -> {
                try (Jedis j = server.jedis()) {
                    while (j.dbSize() < 2_000) {
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    return;
                }
                io.cachectl.testing.CliProcess.signal(server.pid(), "STOP");
            });
            freezer.start();
            long t0 = System.nanoTime();
            Cli.Result r;
            try {
                r = cli().url(server.url()).run("warm", f.toString(), "--yes", "--pipeline", "200", "--timeout", "500ms");
            } finally {
                freezer.join();
                io.cachectl.testing.CliProcess.signal(server.pid(), "CONT");
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            r.expectExit(4);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("6 retries over ([0-9.]+) s").matcher(r.err());
            assertThat(m.find()).as(r.dump()).isTrue();
            double reported = Double.parseDouble(m.group(1));
            // each retry also waits for its handshake to time out (500 ms): more than the 6.3 s of backoff
            assertThat(reported).as(r.dump()).isGreaterThan(7.0).isLessThanOrEqualTo(secs + 0.1);
        }
    }

    private static byte[] gzip(String text) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(bytes)) {
            z.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** D12: a second gzip member cut inside its header, or junk after the stream, was accepted (exit 0). */
    @Test
    void truncated_or_trailing_junk_gzip_is_refused_and_nothing_is_written() throws Exception {
        byte[] one = gzip("{\"key\":\"a\",\"value\":1,\"ttl\":60}\n");
        byte[] two = gzip("{\"key\":\"b\",\"value\":2,\"ttl\":60}\n");
        java.io.ByteArrayOutputStream cut = new java.io.ByteArrayOutputStream();
        cut.write(one);
        cut.write(two, 0, 8);
        java.io.ByteArrayOutputStream junk = new java.io.ByteArrayOutputStream();
        junk.write(one);
        junk.write("garbage".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.io.ByteArrayOutputStream cutData = new java.io.ByteArrayOutputStream();
        cutData.write(one);
        cutData.write(two, 0, two.length - 5);
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        whole.write(one);
        whole.write(two);
        whole.write(new byte[16]); // zero padding is fine, as for gzip -t
        Path wholeFile = Files.write(dir.resolve("whole.jsonl.gz"), whole.toByteArray());
        cli().run("warm", wholeFile.toString(), "--dry-run").ok();
        try (RedisServer server = RedisServer.builder().start()) {
            for (java.io.ByteArrayOutputStream bad : java.util.List.of(cut, junk, cutData)) {
                Path f = Files.write(dir.resolve("bad.jsonl.gz"), bad.toByteArray());
                Cli.Result r = cli().url(server.url()).run("warm", f.toString(), "--yes").expectExit(2);
                assertThat(r.err()).contains("corrupt or truncated gzip data");
            }
            assertThat(dbsize(server)).isZero();
            cli().url(server.url()).run("warm", wholeFile.toString(), "--yes").ok();
            assertThat(dbsize(server)).isEqualTo(2);
        }
    }

    /** D14: records that validation passed and the server then refused part-way (exit 4). */
    @Test
    void values_the_server_would_refuse_are_refused_by_validation() throws Exception {
        Path f = dir.resolve("z.jsonl");
        Files.writeString(f, "{\"key\":\"z\",\"type\":\"zset\",\"value\":{\"m\":1e999},\"ttl\":60}\n"
                + "{\"key\":\"y\",\"type\":\"zset\",\"value\":{\"m\":1e-999},\"ttl\":60}\n"
                + "{\"key\":\"x\",\"type\":\"zset\",\"value\":{\"m\":1.5e300},\"ttl\":60}\n");
        Cli.Result r = cli().run("warm", f.toString(), "--dry-run").expectExit(2);
        assertThat(r.err()).contains("z.jsonl:1: zset score 1e999").contains("z.jsonl:2: zset score 1e-999")
                .doesNotContain("z.jsonl:3");
        Path ok = Files.writeString(dir.resolve("ok.jsonl"), "{\"key\":\"a\",\"value\":1}\n");
        assertThat(cli().run("warm", ok.toString(), "--dry-run", "--ttl", "999999999999d").expectExit(2).err())
                .contains("--ttl must be 1s to 100 years");
        assertThat(cli().run("warm", ok.toString(), "--dry-run", "--max-value-size", "600mb").expectExit(2).err())
                .contains("--max-value-size must be 1 byte to 512mb");
        assertThat(cli().run("warm", ok.toString(), "--dry-run", "--ttl", "1h", "--pipeline", "0").expectExit(2).err())
                .contains("--pipeline must be 1 to 100000");
    }

    @Test
    void resume_from_past_the_end_of_the_file_is_a_usage_error() throws Exception {
        Path f = records("r.jsonl", 10);
        Cli.Result r = cli().url("redis://127.0.0.1:1").run("warm", f.toString(), "--yes", "--resume-from", "50")
                .expectExit(2);
        assertThat(r.err()).contains("--resume-from 50 is past the end of").contains("(10 lines)");
    }

    @Test
    void a_csv_file_named_json_gets_a_hint_to_use_format_csv() throws Exception {
        Path f = Files.writeString(dir.resolve("data.json"), "key,value,ttl\na,1,60\nb,2,60\n");
        Cli.Result r = cli().run("warm", f.toString(), "--dry-run").expectExit(2);
        assertThat(r.err()).contains("data.json:1:").contains("pass --format csv");
        cli().run("warm", f.toString(), "--dry-run", "--format", "csv").ok();
    }

    /** D6: Ctrl-C during validation was exit 2 "cannot read: null" (ClosedByInterruptException). */
    @Test
    void an_interrupt_during_validation_is_exit_130_not_bad_input() throws Exception {
        Path f = records("v.jsonl", 50_000);
        java.util.concurrent.atomic.AtomicReference<Cli.Result> result = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            Thread.currentThread().interrupt(); // as Ctrl-C does: the main thread is interrupted mid-read
            result.set(cli().url("redis://127.0.0.1:1").run("warm", f.toString(), "--yes"));
        });
        t.start();
        t.join(20_000);
        Cli.Result r = result.get();
        r.expectExit(130);
        assertThat(r.err()).contains("interrupted").doesNotContain("cannot read");
    }
}
