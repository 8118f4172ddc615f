package io.cachectl.faults;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.cachectl.testing.CliProcess;
import io.cachectl.testing.RedisServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signal column of the fault matrix: SIGINT/SIGTERM at start, mid-run and at the end (summary,
 * clean-up), cachectl as a real process. Invalidate, warm and bench mid-run SIGTERM: {@link SignalTest}.
 */
class SignalMatrixTest {
    @TempDir
    Path dir;

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (at most 20 s) until a client named "cachectl" is connected to {@code s}. */
    static void awaitCachectlClient(RedisServer s) {
        io.cachectl.testing.Await.until("a cachectl client on " + s, java.time.Duration.ofSeconds(20),
                () -> io.cachectl.testing.Await.cachectlConnected(s));
    }

    private void scanInterruptedThenResumed(String command, String signal, int exit) {
        try (RedisServer s = FaultMatrixTest.populated()) {
            long total = FaultMatrixTest.dbsize(s);
            CliProcess.Result r;
            try (CliProcess p = CliProcess.start(dir, Map.of("REDIS_URL", s.url()), command, "--json", "--rate",
                    FaultMatrixTest.RATE)) {
                awaitCachectlClient(s); // the JVM has started and connected (slow under load)
                sleep(600); // part of the ~2 s scan
                p.signal(signal);
                r = p.waitFor(10);
            }
            r.expectExit(exit);
            long first = r.json().get("keys_scanned").asLong();
            String cursor = FaultMatrixTest.cursor(r.err());
            assertThat(cursor).as(r.dump()).isNotNull();
            assertThat(r.err()).contains("interrupted: the report above covers " + first);
            try (CliProcess again = CliProcess.start(dir, Map.of("REDIS_URL", s.url()), command, "--json", "--cursor",
                    cursor)) {
                long second = again.waitFor(30).expectExit(0).json().get("keys_scanned").asLong();
                assertThat(first + second).as("interrupted + resumed").isEqualTo(total);
                Matrix.record(command, "SIG" + signal + " mid-scan", exit, r.seconds(), first + " + " + second
                        + " resumed = " + total + " = DBSIZE");
            }
        }
    }

    @Test
    void bigkeys_sigint_mid_scan_exits_130_and_the_cursor_completes_exactly() {
        scanInterruptedThenResumed("bigkeys", "INT", 130);
    }

    @Test
    void ttl_audit_sigterm_mid_scan_exits_143_and_the_cursor_completes_exactly() {
        scanInterruptedThenResumed("ttl-audit", "TERM", 143);
    }

    @Test
    void stats_watch_sigterm_ends_like_ctrl_c() {
        try (RedisServer s = RedisServer.builder().start()) {
            CliProcess.Result r;
            try (CliProcess p = CliProcess.start(dir, Map.of("REDIS_URL", s.url()), "stats", "--watch", "200ms", "--json")) {
                awaitCachectlClient(s);
                sleep(600);
                p.signal("TERM");
                r = p.waitFor(5);
            }
            r.expectExit(0);
            assertThat(r.out().lines().count()).isPositive();
            Matrix.record("stats --watch", "SIGTERM", 0, r.seconds(), "JSON lines so far kept; ends 0 like Ctrl-C");
        }
    }

    @Test
    void invalidate_sigint_at_start_deletes_nothing_or_reports_exactly() {
        try (RedisServer s = FaultMatrixTest.populated()) {
            CliProcess.Result r;
            try (CliProcess p = CliProcess.start(dir, Map.of("REDIS_URL", s.url()), "invalidate", "k:*", "--yes",
                    "--json")) {
                sleep(150); // the JVM is still starting
                p.signal("INT");
                r = p.waitFor(10);
            }
            r.expectExit(130);
            long gone = FaultMatrixTest.KEYS - FaultMatrixTest.count(s, "k:*");
            long reported = r.out().isBlank() ? 0 : r.json().get("deleted").asLong();
            assertThat(reported).as(r.dump()).isEqualTo(gone);
            assertThat(FaultMatrixTest.count(s, "keep:*")).isEqualTo(500);
            Matrix.record("invalidate", "SIGINT at start (150 ms)", 130, r.seconds(), "deleted " + gone + " = reported");
        }
    }

    @Test
    void warm_sigint_at_start_writes_nothing() throws Exception {
        Path f = Matrix.records(dir, 20_000);
        try (RedisServer s = RedisServer.builder().start()) {
            CliProcess.Result r;
            try (CliProcess p = CliProcess.start(dir, Map.of("REDIS_URL", s.url()), "warm", f.toString(), "--yes")) {
                sleep(150);
                p.signal("INT");
                r = p.waitFor(10);
            }
            r.expectExit(130);
            assertThat(FaultMatrixTest.dbsize(s)).isZero();
            Matrix.record("warm", "SIGINT at start (150 ms)", 130, r.seconds(), "nothing written");
        }
    }

    @Test
    void bench_sigint_at_the_end_of_the_run_still_deletes_every_bench_key() {
        try (RedisServer s = RedisServer.builder().start()) {
            s.cli("SET", "other", "1");
            CliProcess.Result r;
            try (CliProcess p = CliProcess.start(dir, Map.of("REDIS_URL", s.url()), "bench", "set", "--duration", "1s",
                    "-c", "2", "-r", "20000", "--json")) {
                // connected, then the 1 s run: the clean-up and the summary come next
                awaitCachectlClient(s);
                sleep(1100);
                p.signal("INT");
                r = p.waitFor(10);
            }
            assertThat(r.exitCode()).as(r.dump()).isIn(0, 130);
            assertThat(FaultMatrixTest.dbsize(s)).as(r.dump()).isEqualTo(1);
            Matrix.record("bench set", "SIGINT at the end (clean-up/summary)", r.exitCode(), r.seconds(),
                    "bench keys deleted; 'other' untouched");
        }
    }
    /**
     * SIGINT once the server has seen the last delete (DBSIZE down to the 500 'keep' keys): it lands
     * while invalidate reads its last replies and prints its summary. Whatever the exit (0, or 130 when
     * it was still counting), the JSON on stdout is whole and its `deleted` is what really went.
     */
    @Test
    void invalidate_sigint_during_the_summary_keeps_the_report_whole_and_exact() {
        try (RedisServer s = FaultMatrixTest.populated()) {
            CliProcess.Result r;
            try (CliProcess p = CliProcess.start(dir, Map.of("REDIS_URL", s.url()), "invalidate", "k:*", "--yes",
                    "--json")) {
                Thread t = Matrix.whenKeys(s, k -> k <= 500, () -> p.signal("INT"));
                r = p.waitFor(30);
                join(t);
            }
            assertThat(r.exitCode()).as(r.dump()).isIn(0, 130);
            long gone = FaultMatrixTest.KEYS - FaultMatrixTest.count(s, "k:*");
            assertThat(gone).isEqualTo(FaultMatrixTest.KEYS);
            assertThat(r.json().get("deleted").asLong()).as(r.dump()).isEqualTo(gone);
            assertThat(FaultMatrixTest.count(s, "keep:*")).isEqualTo(500);
            Matrix.record("invalidate", "SIGINT during the summary", r.exitCode(), r.seconds(),
                    "JSON whole; deleted " + gone + " = reported");
        }
    }

    /**
     * SIGINT once the server holds every record: it lands while warm reads its last replies and prints
     * its summary. Exit 0 with every record written, or 130 with a resume line that completes exactly.
     */
    @Test
    void warm_sigint_during_the_summary_keeps_the_report_whole_and_exact() throws Exception {
        int n = 20_000;
        Path f = Matrix.records(dir, n);
        try (RedisServer s = RedisServer.builder().start()) {
            CliProcess.Result r;
            try (CliProcess p = CliProcess.start(dir, Map.of("REDIS_URL", s.url()), "warm", f.toString(), "--yes",
                    "--json")) {
                Thread t = Matrix.whenKeys(s, k -> k >= n, () -> p.signal("INT"));
                r = p.waitFor(30);
                join(t);
            }
            assertThat(r.exitCode()).as(r.dump()).isIn(0, 130);
            JsonNode report = r.json();
            if (r.exitCode() == 0) {
                assertThat(report.get("written").asLong()).as(r.dump()).isEqualTo(n);
            } else {
                long resume = report.get("resume_line").asLong();
                cli().url(s.url()).run("warm", f.toString(), "--yes", "--resume-from", String.valueOf(resume)).ok();
            }
            assertThat(FaultMatrixTest.dbsize(s)).isEqualTo(n);
            Matrix.record("warm", "SIGINT during the summary", r.exitCode(), r.seconds(), "JSON whole; " + n
                    + " records on the server");
        }
    }

    private static void join(Thread t) {
        try {
            t.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
