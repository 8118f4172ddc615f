package io.cachectl.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.testing.CliProcess;
import io.cachectl.testing.RedisServer;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * D11: SIGTERM ends like Ctrl-C — summary, resume hint, bench clean-up — with exit 143. cachectl
 * runs as its own process here: only a real process receives signals.
 */
class SignalTest {
    @TempDir
    Path dir;

    static long dbsize(RedisServer s) {
        try (Jedis j = s.jedis()) {
            return j.dbSize();
        }
    }

    /** Waits (at most 20 s) until {@code s} holds more than {@code keys} keys, or fewer with {@code down}. */
    static void awaitKeys(RedisServer s, long keys, boolean down) {
        io.cachectl.testing.Await.until((down ? "fewer than " : "more than ") + keys + " keys on " + s,
                java.time.Duration.ofSeconds(20), Matrix.keys(s, down ? n -> n < keys : n -> n > keys));
    }

    @Test
    void sigterm_mid_invalidate_exits_143_with_the_exact_count_and_touches_no_other_key() throws Exception {
        try (RedisServer s = RedisServer.builder().enableDebug().start()) {
            s.cli("DEBUG", "POPULATE", "60000", "del");
            s.cli("DEBUG", "POPULATE", "1000", "keep");
            try (CliProcess p = CliProcess.start(dir, Map.of("REDIS_URL", s.url()), "invalidate", "del:*", "--yes",
                    "--rate", "20000", "--json")) {
                awaitKeys(s, 61_000 - 5_000, true);
                p.signal("TERM");
                CliProcess.Result r = p.waitFor(10);
                r.expectExit(143);
                JsonNode j = r.json();
                long left = dbsize(s) - 1000;
                assertThat(j.get("deleted").asLong()).isEqualTo(60_000 - left);
                assertThat(j.get("complete").asBoolean()).isFalse();
                assertThat(r.err()).contains("before SIGTERM; run the same command again to continue");
                try (Jedis jj = s.jedis()) {
                    assertThat(jj.keys("keep:*")).hasSize(1000);
                }
                Matrix.record("invalidate", "SIGTERM mid-run", 143, r.seconds(), "deleted " + (60_000 - left)
                        + " = reported (exact), 1000 others untouched");
            }
        }
    }

    @Test
    void sigterm_mid_warm_exits_143_with_the_resume_line_and_resuming_completes_exactly() throws Exception {
        int n = 200_000;
        Path f = Matrix.records(dir, n);
        try (RedisServer s = RedisServer.builder().start()) {
            s.cli("CONFIG", "SET", "save", "");
            CliProcess.Result r;
            try (CliProcess p = CliProcess.start(dir, Map.of("REDIS_URL", s.url()), "warm", f.toString(), "--yes",
                    "--pipeline", "200")) {
                awaitKeys(s, 2_000, false);
                s.cli("CLIENT", "PAUSE", "1500", "WRITE"); // hold the load so the signal lands mid-run
                p.signal("TERM");
                r = p.waitFor(10);
            }
            r.expectExit(143);
            Matcher m = Pattern.compile("continue with --resume-from (\\d+)").matcher(r.err());
            assertThat(m.find()).as(r.dump()).isTrue();
            long resume = Long.parseLong(m.group(1));
            assertThat(r.out()).contains("interrupted");
            try (CliProcess again = CliProcess.start(dir, Map.of("REDIS_URL", s.url()), "warm", f.toString(), "--yes",
                    "--resume-from", String.valueOf(resume))) {
                again.waitFor(60).expectExit(0);
            }
            assertThat(dbsize(s)).isEqualTo(n);
            Matrix.record("warm", "SIGTERM mid-load", 143, r.seconds(), "resume line " + resume
                    + "; --resume-from completes: " + n + " = DBSIZE");
        }
    }

    @Test
    void sigterm_mid_bench_exits_143_and_deletes_every_bench_key() throws Exception {
        try (RedisServer s = RedisServer.builder().start()) {
            s.cli("SET", "other", "1");
            try (CliProcess p = CliProcess.start(dir, Map.of("REDIS_URL", s.url()), "bench", "set", "--duration", "30s",
                    "-c", "2", "-r", "50000", "--json")) {
                awaitKeys(s, 5_000, false);
                p.signal("TERM");
                CliProcess.Result r = p.waitFor(10);
                r.expectExit(143);
                assertThat(r.seconds()).isLessThan(15);
                assertThat(dbsize(s)).as(r.dump()).isEqualTo(1);
                Matrix.record("bench set", "SIGTERM mid-run", 143, r.seconds(), "bench keys deleted; 'other' untouched");
            }
        }
    }

    /** D2: Ctrl-C while a lane reconnected to a frozen server lost the resume line (the 3 s deadline hit). */
    @Test
    void ctrl_c_while_warm_reconnects_to_a_frozen_server_still_prints_the_resume_line() throws Exception {
        int n = 100_000;
        Path f = Matrix.records(dir, n);
        try (RedisServer s = RedisServer.builder().start()) {
            CliProcess.Result r;
            try (CliProcess p = CliProcess.start(dir, Map.of("REDIS_URL", s.url()), "warm", f.toString(), "--yes",
                    "--pipeline", "200", "--timeout", "1s")) {
                awaitKeys(s, 2_000, false);
                CliProcess.signal(s.pid(), "STOP");
                try {
                    Thread.sleep(2_500); // the reply read timed out; the lane is reconnecting to the frozen server
                    p.signal("INT");
                    r = p.waitFor(10);
                } finally {
                    CliProcess.signal(s.pid(), "CONT");
                }
            }
            r.expectExit(130);
            Matcher m = Pattern.compile("continue with --resume-from (\\d+)").matcher(r.err());
            assertThat(m.find()).as(r.dump()).isTrue();
            try (CliProcess again = CliProcess.start(dir, Map.of("REDIS_URL", s.url()), "warm", f.toString(), "--yes",
                    "--resume-from", m.group(1))) {
                again.waitFor(60).expectExit(0);
            }
            assertThat(dbsize(s)).isEqualTo(n);
            Matrix.record("warm", "SIGSTOP, then SIGINT 2.5 s later while reconnecting", 130, r.seconds(),
                    "resume line printed; --resume-from completes: " + n + " = DBSIZE");
        }
    }

    /** D1's leftover: a second Ctrl-C halts the JVM, and warm - left its spool file of stdin behind. */
    @Test
    void a_second_ctrl_c_still_deletes_the_spool_file_of_warm_stdin() throws Exception {
        Path data = dir.resolve("stdin.jsonl");
        try (Writer w = Files.newBufferedWriter(data)) {
            for (int i = 1; i <= 100_000; i++) {
                w.write("{\"key\":\"r:" + i + "\",\"value\":\"v\",\"ttl\":3600}\n");
            }
        }
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        try (RedisServer s = RedisServer.builder().start()) {
            CliProcess.Result r;
            try (CliProcess p = CliProcess.start(tmp, Map.of("REDIS_URL", s.url()), data, "warm", "-", "--yes",
                    "--pipeline", "200")) {
                awaitKeys(s, 2_000, false);
                CliProcess.signal(s.pid(), "STOP"); // the load now waits on the server
                try {
                    p.signal("INT");
                    Thread.sleep(200);
                    p.signal("INT"); // the second one halts at once
                    r = p.waitFor(10);
                } finally {
                    CliProcess.signal(s.pid(), "CONT");
                }
            }
            r.expectExit(130);
            try (var files = Files.list(tmp)) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".spool")))
                        .as(r.dump()).isEmpty();
            }
            Matrix.record("warm -", "SIGINT twice (halt)", 130, r.seconds(), "stdin spool file deleted");
        }
    }
}
