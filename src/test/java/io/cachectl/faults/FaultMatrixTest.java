package io.cachectl.faults;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.testing.Cli;
import io.cachectl.testing.CliProcess;
import io.cachectl.testing.RedisServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The fault matrix on a single server: each cell starts its own small server, runs one command
 * in-process with short timeouts, injects one fault mid-run, and asserts the exit code, a time
 * bound derived from the timeouts, the one-line message and the data outcome. Rows go to
 * target/fault-matrix-SERVER.md ({@link Matrix}). Cluster cells: {@link ClusterFaultMatrixTest};
 * signals: {@link SignalTest} and {@link SignalMatrixTest}.
 */
class FaultMatrixTest {
    static final int KEYS = 20_000;
    static final String RATE = "10000"; // a scan of KEYS takes ~2 s, so a fault at 0.6 s lands mid-run

    @TempDir
    Path dir;

    static RedisServer populated() {
        RedisServer s = RedisServer.builder().enableDebug().start();
        s.cli("DEBUG", "POPULATE", String.valueOf(KEYS), "k");
        s.cli("DEBUG", "POPULATE", "500", "keep");
        return s;
    }

    static long dbsize(RedisServer s) {
        try (Jedis j = s.jedis()) {
            return j.dbSize();
        }
    }

    static long count(RedisServer s, String pattern) {
        try (Jedis j = s.jedis()) {
            return j.keys(pattern).size();
        }
    }

    static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static String cursor(String err) {
        Matcher m = Pattern.compile("--cursor (\\S+?)\\)?$", Pattern.MULTILINE).matcher(err);
        return m.find() ? m.group(1) : null;
    }

    // ------------------------------------------------------------------ scans: bigkeys, ttl-audit

    @Test
    void bigkeys_server_killed_mid_scan_exits_4_with_the_keys_scanned_and_a_cursor() {
        try (RedisServer s = populated()) {
            Matrix.when(Matrix.scanned(s, 4), () -> CliProcess.signal(s.pid(), "KILL"));
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(s.url()).run("bigkeys", "--json", "--rate", RATE, "--timeout", "1s",
                    "--connect-timeout", "1s");
            double t = since(t0);
            r.expectExit(4);
            assertThat(t).isLessThan(8);
            long scanned = r.json().get("keys_scanned").asLong();
            assertThat(scanned).isPositive().isLessThan(KEYS + 500);
            assertThat(r.err()).contains("127.0.0.1:" + s.port()).contains("keys were scanned before the failure")
                    .contains("--cursor");
            Matrix.record("bigkeys", "kill -9 mid-scan", r.exitCode(), t, scanned + " of " + (KEYS + 500)
                    + " keys reported, cursor printed");
        }
    }

    @Test
    void ttl_audit_frozen_server_exits_4_and_the_printed_cursor_completes_the_scan_exactly() {
        try (RedisServer s = populated()) {
            long total = dbsize(s);
            long t0 = System.nanoTime();
            Cli.Result r = Matrix.frozen(s, Matrix.scanned(s, 4),
                    () -> cli().url(s.url()).run("ttl-audit", "--json", "--rate", RATE, "--timeout", "500ms"));
            double t = since(t0);
            r.expectExit(4);
            assertThat(t).isLessThan(8);
            long first = r.json().get("keys_scanned").asLong();
            String cursor = cursor(r.err());
            assertThat(cursor).as(r.dump()).isNotNull();
            Cli.Result rest = cli().url(s.url()).run("ttl-audit", "--json", "--cursor", cursor).expectExit(0);
            long second = rest.json().get("keys_scanned").asLong();
            assertThat(first + second).as("interrupted + resumed").isEqualTo(total);
            Matrix.record("ttl-audit", "SIGSTOP, no resume (--timeout 500ms)", r.exitCode(), t,
                    first + " + " + second + " resumed = " + total + " = DBSIZE");
        }
    }

    @Test
    void bigkeys_frozen_briefly_within_the_timeout_completes_with_every_key() {
        try (RedisServer s = populated()) {
            long total = dbsize(s);
            Matrix.when(Matrix.scanned(s, 4), () -> {
                CliProcess.signal(s.pid(), "STOP");
                try {
                    Thread.sleep(700);
                } catch (InterruptedException ignored) {
                    // resume now
                }
                CliProcess.signal(s.pid(), "CONT");
            });
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(s.url()).run("bigkeys", "--json", "--rate", RATE, "--timeout", "3s");
            double t = since(t0);
            r.expectExit(0);
            assertThat(r.json().get("keys_scanned").asLong()).isEqualTo(total);
            Matrix.record("bigkeys", "SIGSTOP 0.7 s then SIGCONT (--timeout 3s)", 0, t, total + " = DBSIZE");
        }
    }

    @Test
    void ttl_audit_client_killed_mid_scan_ends_4_or_completes_and_never_lies() {
        try (RedisServer s = populated()) {
            long total = dbsize(s);
            Matrix.when(Matrix.scanned(s, 4), () -> s.cli("CLIENT", "KILL", "TYPE", "normal"));
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(s.url()).run("ttl-audit", "--json", "--rate", RATE, "--timeout", "1s");
            double t = since(t0);
            assertThat(t).isLessThan(8);
            long scanned = r.json().get("keys_scanned").asLong();
            String outcome;
            if (r.exitCode() == 0) {
                assertThat(scanned).isEqualTo(total);
                outcome = "reconnected: " + scanned + " = DBSIZE";
            } else {
                r.expectExit(4);
                String cursor = cursor(r.err());
                long second = cli().url(s.url()).run("ttl-audit", "--json", "--cursor", cursor).expectExit(0)
                        .json().get("keys_scanned").asLong();
                assertThat(scanned + second).isEqualTo(total);
                outcome = scanned + " + " + second + " resumed = DBSIZE";
            }
            Matrix.record("ttl-audit", "CLIENT KILL TYPE normal", r.exitCode(), t, outcome);
        }
    }

    @Test
    void bigkeys_client_pause_shorter_than_the_timeout_completes_with_every_key() {
        try (RedisServer s = populated()) {
            long total = dbsize(s);
            Matrix.when(Matrix.scanned(s, 4), () -> s.cli("CLIENT", "PAUSE", "800", "ALL"));
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(s.url()).run("bigkeys", "--json", "--rate", RATE, "--timeout", "3s");
            double t = since(t0);
            r.expectExit(0);
            assertThat(r.json().get("keys_scanned").asLong()).isEqualTo(total);
            Matrix.record("bigkeys", "CLIENT PAUSE 800 ms ALL", 0, t, total + " = DBSIZE");
        }
    }

    // ------------------------------------------------------------------ stats

    @Test
    void stats_interval_server_killed_exits_3_naming_the_server() {
        try (RedisServer s = RedisServer.builder().start()) {
            Matrix.when(Matrix.connected(s), () -> CliProcess.signal(s.pid(), "KILL"));
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(s.url()).run("stats", "--interval", "2s", "--json", "--timeout", "1s",
                    "--connect-timeout", "1s");
            double t = since(t0);
            assertThat(r.exitCode()).as(r.dump()).isIn(3, 4);
            assertThat(t).isLessThan(6);
            assertThat(r.err()).contains("127.0.0.1:" + s.port()).doesNotContain("Exception");
            assertThat(r.err().strip().lines().count()).as("one line").isEqualTo(1);
            Matrix.record("stats --interval 2s", "kill -9 during the interval", r.exitCode(), t, "read-only; message names the node");
        }
    }

    @Test
    void stats_interval_frozen_server_exits_within_the_timeout() {
        try (RedisServer s = RedisServer.builder().start()) {
            long t0 = System.nanoTime();
            Cli.Result r = Matrix.frozen(s, Matrix.connected(s),
                    () -> cli().url(s.url()).run("stats", "--interval", "1s", "--json", "--timeout", "500ms"));
            double t = since(t0);
            assertThat(r.exitCode()).as(r.dump()).isIn(3, 4);
            assertThat(t).isLessThan(5);
            assertThat(r.err()).contains("timed out");
            Matrix.record("stats --interval 1s", "SIGSTOP, no resume (--timeout 500ms)", r.exitCode(), t, "read-only; 'timed out'");
        }
    }

    @Test
    void stats_client_pause_within_the_timeout_succeeds() {
        try (RedisServer s = RedisServer.builder().start()) {
            Matrix.when(Matrix.connected(s), () -> s.cli("CLIENT", "PAUSE", "600", "ALL"));
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(s.url()).run("stats", "--interval", "1s", "--json", "--timeout", "3s");
            double t = since(t0);
            r.expectExit(0);
            Matrix.record("stats --interval 1s", "CLIENT PAUSE 600 ms ALL", 0, t, "report printed");
        }
    }

    // ------------------------------------------------------------------ invalidate

    @Test
    void invalidate_client_killed_mid_run_exits_4_and_deleted_is_exact() {
        try (RedisServer s = populated()) {
            Matrix.whenKeys(s, n -> n < KEYS + 500 - 3_000, () -> s.cli("CLIENT", "KILL", "TYPE", "normal"));
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(s.url()).run("invalidate", "k:*", "--yes", "--json", "--rate", RATE, "--timeout", "1s");
            double t = since(t0);
            long gone = KEYS - count(s, "k:*");
            assertThat(count(s, "keep:*")).isEqualTo(500);
            String outcome;
            if (r.exitCode() == 0) {
                assertThat(gone).isEqualTo(KEYS);
                outcome = "reconnected; all " + KEYS + " deleted, 500 others untouched";
            } else {
                r.expectExit(4);
                JsonNode j = r.json();
                assertThat(j.get("deleted").asLong()).as(r.dump()).isEqualTo(gone);
                assertThat(j.get("unconfirmed").asLong()).isZero();
                outcome = "deleted " + gone + " = reported (exact), 500 others untouched";
            }
            assertThat(t).isLessThan(8);
            Matrix.record("invalidate", "CLIENT KILL TYPE normal", r.exitCode(), t, outcome);
        }
    }

    @Test
    void invalidate_frozen_server_exits_4_and_deleted_plus_unconfirmed_brackets_the_truth() {
        try (RedisServer s = populated()) {
            long t0 = System.nanoTime();
            Cli.Result r = Matrix.frozen(s, Matrix.keys(s, n -> n < KEYS + 500 - 3_000),
                    () -> cli().url(s.url()).run("invalidate", "k:*", "--yes", "--json", "--rate", RATE,
                            "--timeout", "500ms"));
            double t = since(t0);
            r.expectExit(4);
            assertThat(t).isLessThan(6);
            JsonNode j = r.json();
            long deleted = j.get("deleted").asLong();
            long unconfirmed = j.get("unconfirmed").asLong();
            long gone = KEYS - count(s, "k:*"); // after SIGCONT the server ran what it had received
            assertThat(gone).as(r.dump()).isBetween(deleted, deleted + unconfirmed);
            assertThat(count(s, "keep:*")).isEqualTo(500);
            Matrix.record("invalidate", "SIGSTOP, no resume (--timeout 500ms)", 4, t, "reported " + deleted
                    + " deleted + " + unconfirmed + " unconfirmed; actually gone " + gone + "; others untouched");
        }
    }

    @Test
    void invalidate_client_pause_write_within_the_timeout_deletes_every_match() {
        try (RedisServer s = populated()) {
            Matrix.whenKeys(s, n -> n < KEYS + 500 - 3_000, () -> s.cli("CLIENT", "PAUSE", "700", "WRITE"));
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(s.url()).run("invalidate", "k:*", "--yes", "--json", "--rate", RATE, "--timeout", "3s");
            double t = since(t0);
            r.expectExit(0);
            assertThat(r.json().get("deleted").asLong()).isEqualTo(KEYS);
            assertThat(dbsize(s)).isEqualTo(500);
            Matrix.record("invalidate", "CLIENT PAUSE 700 ms WRITE", 0, t, KEYS + " deleted (exact), 500 others untouched");
        }
    }

    @Test
    void invalidate_server_killed_mid_run_exits_4_naming_the_node() {
        try (RedisServer s = populated()) {
            Matrix.whenKeys(s, n -> n < KEYS + 500 - 3_000, () -> CliProcess.signal(s.pid(), "KILL"));
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(s.url()).run("invalidate", "k:*", "--yes", "--json", "--rate", RATE,
                    "--timeout", "1s", "--connect-timeout", "1s");
            double t = since(t0);
            r.expectExit(4);
            assertThat(t).isLessThan(8);
            JsonNode j = r.json();
            assertThat(j.get("deleted").asLong()).isGreaterThanOrEqualTo(3_000);
            assertThat(r.err()).contains("127.0.0.1:" + s.port()).contains("deleted");
            Matrix.record("invalidate", "kill -9 mid-run", 4, t, "deleted " + j.get("deleted").asLong() + " + unconfirmed "
                    + j.get("unconfirmed").asLong() + " reported (server gone: not checkable)");
        }
    }

    // ------------------------------------------------------------------ warm

    @Test
    void warm_frozen_briefly_within_the_timeout_writes_every_record() throws Exception {
        int n = 60_000;
        Path f = Matrix.records(dir, n);
        try (RedisServer s = RedisServer.builder().start()) {
            Matrix.whenKeys(s, k -> k > 5_000, () -> {
                CliProcess.signal(s.pid(), "STOP");
                try {
                    Thread.sleep(700);
                } catch (InterruptedException ignored) {
                    // resume now
                }
                CliProcess.signal(s.pid(), "CONT");
            });
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(s.url()).run("warm", f.toString(), "--yes", "--json", "--pipeline", "200",
                    "--timeout", "3s");
            double t = since(t0);
            r.expectExit(0);
            assertThat(r.json().get("written").asLong()).isEqualTo(n);
            assertThat(dbsize(s)).isEqualTo(n);
            Matrix.record("warm", "SIGSTOP 0.7 s then SIGCONT (--timeout 3s)", 0, t, n + " written = DBSIZE");
        }
    }

    @Test
    void warm_frozen_without_resume_exits_4_and_resume_from_completes_exactly() throws Exception {
        int n = 60_000;
        Path f = Matrix.records(dir, n);
        try (RedisServer s = RedisServer.builder().start()) {
            long t0 = System.nanoTime();
            Cli.Result r = Matrix.frozen(s, Matrix.keys(s, k -> k > 5_000),
                    () -> cli().url(s.url()).run("warm", f.toString(), "--yes", "--json", "--pipeline", "200",
                            "--timeout", "200ms", "--connect-timeout", "200ms"));
            double t = since(t0);
            r.expectExit(4);
            // 6 retries: 6.3 s of backoff plus a handshake timeout each
            assertThat(t).isLessThan(15);
            long resume = r.json().get("resume_line").asLong();
            assertThat(r.err()).contains("could not reconnect").contains("--resume-from " + resume);
            cli().url(s.url()).run("warm", f.toString(), "--yes", "--resume-from", String.valueOf(resume)).ok();
            assertThat(dbsize(s)).isEqualTo(n);
            Matrix.record("warm", "SIGSTOP, no resume (--timeout 200ms)", 4, t, "resume line " + resume
                    + "; --resume-from completes: " + n + " = DBSIZE");
        }
    }

    @Test
    void warm_out_of_memory_exits_4_and_resume_after_raising_maxmemory_completes_exactly() throws Exception {
        int n = 30_000;
        Path f = Matrix.records(dir, n);
        try (RedisServer s = RedisServer.builder().maxmemory("3mb").policy("noeviction").start()) {
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(s.url()).run("warm", f.toString(), "--yes", "--json", "--pipeline", "200");
            double t = since(t0);
            r.expectExit(4);
            long resume = r.json().get("resume_line").asLong();
            assertThat(r.err()).contains("out of memory").contains("--resume-from " + resume);
            s.cli("CONFIG", "SET", "maxmemory", "0");
            cli().url(s.url()).run("warm", f.toString(), "--yes", "--resume-from", String.valueOf(resume)).ok();
            assertThat(dbsize(s)).isEqualTo(n);
            Matrix.record("warm", "OOM (maxmemory 3mb, noeviction)", 4, t, "resume line " + resume
                    + "; after raising maxmemory --resume-from completes: " + n + " = DBSIZE");
        }
    }

    @Test
    void warm_client_pause_write_within_the_timeout_writes_every_record() throws Exception {
        int n = 60_000;
        Path f = Matrix.records(dir, n);
        try (RedisServer s = RedisServer.builder().start()) {
            Matrix.whenKeys(s, k -> k > 5_000, () -> s.cli("CLIENT", "PAUSE", "700", "WRITE"));
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(s.url()).run("warm", f.toString(), "--yes", "--json", "--pipeline", "200",
                    "--timeout", "3s");
            double t = since(t0);
            r.expectExit(0);
            assertThat(dbsize(s)).isEqualTo(n);
            Matrix.record("warm", "CLIENT PAUSE 700 ms WRITE", 0, t, n + " written = DBSIZE");
        }
    }

    @Test
    void warm_client_killed_mid_load_reconnects_and_writes_every_record() throws Exception {
        int n = 60_000;
        Path f = Matrix.records(dir, n);
        try (RedisServer s = RedisServer.builder().start()) {
            Matrix.whenKeys(s, k -> k > 5_000, () -> s.cli("CLIENT", "KILL", "TYPE", "normal"));
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(s.url()).run("warm", f.toString(), "--yes", "--json", "--pipeline", "200");
            double t = since(t0);
            r.expectExit(0);
            assertThat(r.json().get("written").asLong()).isEqualTo(n);
            assertThat(dbsize(s)).isEqualTo(n);
            Matrix.record("warm", "CLIENT KILL TYPE normal", 0, t, "retried; " + n + " written = DBSIZE");
        }
    }

    // ------------------------------------------------------------------ bench

    @Test
    void bench_client_killed_mid_run_ends_4_or_0_and_leaves_no_bench_key() {
        try (RedisServer s = RedisServer.builder().start()) {
            s.cli("SET", "other", "1");
            Matrix.when(Matrix.served(s, 3_000, "set"), () -> s.cli("CLIENT", "KILL", "TYPE", "normal"));
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(s.url()).run("bench", "set", "--duration", "2s", "-c", "2", "-r", "5000",
                    "--timeout", "1s", "--json");
            double t = since(t0);
            assertThat(r.exitCode()).as(r.dump()).isIn(0, 4);
            assertThat(t).isLessThan(10);
            assertThat(dbsize(s)).as(r.dump()).isEqualTo(1);
            Matrix.record("bench set", "CLIENT KILL TYPE normal", r.exitCode(), t, "bench keys deleted; 'other' untouched");
        }
    }

    @Test
    void bench_client_pause_within_the_timeout_completes_and_cleans_up() {
        try (RedisServer s = RedisServer.builder().start()) {
            s.cli("SET", "other", "1");
            Matrix.when(Matrix.served(s, 3_000, "set"), () -> s.cli("CLIENT", "PAUSE", "500", "ALL"));
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(s.url()).run("bench", "set", "--duration", "2s", "-c", "2", "-r", "5000",
                    "--timeout", "3s", "--json");
            double t = since(t0);
            r.expectExit(0);
            assertThat(dbsize(s)).isEqualTo(1);
            Matrix.record("bench set", "CLIENT PAUSE 500 ms ALL", 0, t, "report printed; bench keys deleted");
        }
    }

    @Test
    void bench_frozen_without_resume_exits_4_within_the_timeouts_and_names_the_leftovers() {
        try (RedisServer s = RedisServer.builder().start()) {
            long t0 = System.nanoTime();
            Cli.Result r = Matrix.frozen(s, Matrix.served(s, 3_000, "set"),
                    () -> cli().url(s.url()).run("bench", "set", "--duration", "3s", "-c", "2", "-r", "5000",
                            "--timeout", "500ms", "--connect-timeout", "500ms"));
            double t = since(t0);
            r.expectExit(4);
            assertThat(t).isLessThan(8);
            assertThat(r.err()).contains("127.0.0.1:" + s.port()).contains("timed out");
            long left = dbsize(s);
            if (left > 0) {
                assertThat(r.err()).contains("cachectl invalidate 'cachectl:bench:*'");
            }
            Matrix.record("bench set", "SIGSTOP, no resume (--timeout 500ms)", 4, t, left == 0 ? "bench keys deleted"
                    : left + " bench keys left, named with the invalidate command to remove them");
        }
    }
}
