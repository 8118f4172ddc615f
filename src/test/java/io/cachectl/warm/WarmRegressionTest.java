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
}
