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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** Failures part-way: each test starts its own server, since they kill, pause or fill it. */
class WarmFaultsTest {
    private static final int N = 300_000;

    @TempDir
    Path dir;

    /** Line i (1-based) holds key "r:i". */
    private Path records(int n) throws IOException {
        Path f = dir.resolve("load.jsonl");
        try (Writer w = Files.newBufferedWriter(f)) {
            for (int i = 1; i <= n; i++) {
                w.write("{\"key\":\"r:" + i + "\",\"value\":{\"n\":" + i + ",\"pad\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"},\"ttl\":3600}\n");
            }
        }
        return f;
    }

    private static long dbsize(RedisServer s) {
        try (Jedis j = s.jedis()) {
            return j.dbSize();
        }
    }

    /** Runs {@code action} once the server holds more than {@code keys} keys (while warm runs). */
    private static Thread when(RedisServer s, long keys, Runnable action) {
        Thread t = new Thread(() -> {
            try (Jedis j = s.jedis()) {
                while (j.dbSize() <= keys) {
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                return;
            }
            action.run();
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void server_killed_mid_warm_exits_4_with_the_resume_line_and_resuming_completes_the_load() throws Exception {
        Path f = records(N);
        RedisServer server = RedisServer.builder().start();
        int port = server.port();
        try {
            Thread killer = when(server, 20_000, server::stop);
            Cli.Result r = cli().url(server.url()).run("warm", f.toString(), "--yes", "--json", "--timeout", "1s");
            killer.join();
            r.expectExit(4);
            JsonNode j = r.json();
            assertThat(j.get("status").asText()).isEqualTo("failed");
            long resume = j.get("resume_line").asLong();
            assertThat(resume).isGreaterThan(1).isLessThanOrEqualTo(N);
            assertThat(j.get("written").asLong()).isGreaterThanOrEqualTo(resume - 1);
            assertThat(j.get("written").asLong() + j.get("skipped").asLong() + j.get("rejected").asLong()).isEqualTo(N);
            assertThat(r.err()).contains("lost the connection to 127.0.0.1:" + port)
                    .contains("continue with --resume-from " + resume);

            server = RedisServer.builder().port(port).start(); // restarted, empty (no persistence)
            JsonNode again = cli().url(server.url())
                    .run("warm", f.toString(), "--yes", "--json", "--resume-from", String.valueOf(resume)).ok().json();
            assertThat(again.get("written").asLong()).isEqualTo(N - resume + 1);
            assertThat(again.at("/skipped_by/before_resume").asLong()).isEqualTo(resume - 1);
            assertThat(dbsize(server)).isEqualTo(N - resume + 1);
            try (Jedis jedis = server.jedis()) {
                assertThat(jedis.exists("r:" + resume)).isTrue();
                assertThat(jedis.exists("r:" + N)).isTrue();
                assertThat(jedis.exists("r:" + (resume - 1))).isFalse();
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void unreachable_server_then_resume_leaves_no_record_missing() throws Exception {
        Path f = records(N);
        try (RedisServer server = RedisServer.builder().start()) {
            // writes block (CLIENT PAUSE WRITE) part-way: every retry times out, so warm gives up with exit 4
            Thread pauser = when(server, 20_000, () -> server.cli("CLIENT", "PAUSE", "30000", "WRITE"));
            Cli.Result r = cli().url(server.url()).run("warm", f.toString(), "--yes", "--json", "--timeout", "200ms");
            pauser.join();
            server.cli("CLIENT", "UNPAUSE");
            r.expectExit(4);
            long resume = r.json().get("resume_line").asLong();
            assertThat(resume).isGreaterThan(1);
            cli().url(server.url()).run("warm", f.toString(), "--yes", "--resume-from", String.valueOf(resume)).ok();
            assertThat(dbsize(server)).isEqualTo(N); // every record before the resume line was written
        }
    }

    @Test
    void dropped_connections_are_retried_and_nothing_is_lost() throws Exception {
        Path f = records(N);
        try (RedisServer server = RedisServer.builder().start()) {
            AtomicBoolean killed = new AtomicBoolean();
            Thread killer = when(server, 20_000, () -> {
                server.cli("CLIENT", "KILL", "TYPE", "normal");
                killed.set(true);
            });
            JsonNode j = cli().url(server.url()).run("warm", f.toString(), "--yes", "--json").ok().json();
            killer.join();
            assertThat(killed).isTrue();
            assertThat(j.get("written").asLong()).isEqualTo(N);
            assertThat(j.at("/nodes/0/retries").asLong()).isPositive();
            assertThat(dbsize(server)).isEqualTo(N);
        }
    }

    @Test
    void out_of_memory_on_a_noeviction_server_is_reported_clearly() throws Exception {
        Path f = records(50_000);
        try (RedisServer server = RedisServer.builder().maxmemory("2mb").policy("noeviction").start()) {
            Cli.Result r = cli().url(server.url()).run("warm", f.toString(), "--yes");
            r.expectExit(4);
            assertThat(r.err()).contains("is out of memory and refuses writes").contains("noeviction")
                    .contains("--resume-from");
        }
    }

    @Test
    void a_read_only_replica_is_reported_clearly() {
        try (RedisServer primary = RedisServer.builder().start();
             RedisServer replica = RedisServer.builder().arg("--replicaof", "127.0.0.1", String.valueOf(primary.port()))
                     .start()) {
            Path f;
            try {
                f = Files.writeString(dir.resolve("r.jsonl"), "{\"key\":\"a\",\"value\":1,\"ttl\":60}\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Cli.Result r = cli().url(replica.url()).run("warm", f.toString(), "--yes");
            r.expectExit(4);
            assertThat(r.err()).contains("is a read-only replica").contains("point --url at the primary");
        }
    }
}
