package io.cachectl.faults;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.testing.Cli;
import io.cachectl.testing.CliProcess;
import io.cachectl.testing.RedisCluster;
import io.cachectl.testing.RedisServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fault-matrix cells the first suite left open: doctor under process faults, and stats / ttl-audit with
 * a cluster primary killed (before the run, and mid-scan with the resume cursor completing the rest).
 */
class MoreFaultCellsTest {
    static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static RedisServer populated() {
        RedisServer s = RedisServer.builder().arg("--enable-debug-command", "yes").start();
        s.cli("DEBUG", "POPULATE", "20000", "user:profile");
        return s;
    }

    @Test
    void doctor_against_a_killed_server_exits_3_within_its_connect_timeout() {
        RedisServer s = populated();
        long pid = s.pid();
        CliProcess.signal(pid, "KILL");
        long t0 = System.nanoTime();
        Cli.Result r = cli().url(s.url()).run("doctor", "--json", "--connect-timeout", "1s", "--timeout", "1s");
        double t = since(t0);
        s.close();
        r.expectExit(3);
        assertThat(t).isLessThan(6);
        assertThat(r.json().get("reachable").asBoolean()).isFalse();
        Matrix.record("doctor", "kill -9 before start", r.exitCode(), t, "reported unreachable, nothing read");
    }

    @Test
    void doctor_against_a_frozen_server_exits_3_within_its_timeouts_and_never_hangs() {
        try (RedisServer s = populated()) {
            CliProcess.signal(s.pid(), "STOP");
            long t0 = System.nanoTime();
            Cli.Result r;
            try {
                r = cli().url(s.url()).run("doctor", "--json", "--connect-timeout", "1s", "--timeout", "1s");
            } finally {
                CliProcess.signal(s.pid(), "CONT");
            }
            double t = since(t0);
            assertThat(r.exitCode()).as(r.dump()).isIn(3, 4);
            assertThat(t).isLessThan(10);
            Matrix.record("doctor", "SIGSTOP, no resume (--timeout 1s)", r.exitCode(), t, "ends with a one-line error");
        }
    }

    @Test
    void doctor_survives_client_pause_and_judges_the_server() {
        try (RedisServer s = populated()) {
            // doctor closes its connection between its samples: the pause lands 200 ms in, a time, not an event
            Thread pause = Matrix.after(200, () -> s.cli("CLIENT", "PAUSE", "700", "ALL"));
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(s.url()).run("doctor", "--json", "--timeout", "3s");
            double t = since(t0);
            try {
                pause.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(r.exitCode()).as(r.dump()).isIn(0, 1);
            assertThat(r.json().get("reachable").asBoolean()).isTrue();
            assertThat(r.json().at("/keyspace/keys_scanned").asLong()).isPositive();
            assertThat(t).isLessThan(15);
            Matrix.record("doctor", "CLIENT PAUSE 700 ms", r.exitCode(), t, "judged; survey of "
                    + r.json().at("/keyspace/keys_scanned").asLong() + " keys");
        }
    }

    @Test
    void cluster_primary_killed_before_stats_exits_3_naming_the_dead_node() {
        try (RedisCluster c = RedisCluster.start(3)) {
            RedisServer dead = c.primaries().get(2);
            CliProcess.signal(dead.pid(), "KILL");
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(c.url()).run("stats", "--json", "--timeout", "1s", "--connect-timeout", "1s");
            double t = since(t0);
            assertThat(r.exitCode()).as(r.dump()).isIn(3, 4);
            assertThat(t).isLessThan(8);
            assertThat(r.err()).contains("127.0.0.1:" + dead.port());
            Matrix.record("stats (cluster)", "a primary killed -9 before start", r.exitCode(), t, "error names the dead node");
        }
    }

    @Test
    void cluster_primary_killed_mid_ttl_audit_exits_4_and_the_survivors_resume_exactly() {
        try (RedisCluster c = RedisCluster.start(3)) {
            ClusterFaultMatrixTest.fillServed(c, "k", 6_000);
            List<RedisServer> primaries = c.primaries();
            RedisServer dead = primaries.get(2);
            Matrix.when(Matrix.scanned(dead, 2), () -> CliProcess.signal(dead.pid(), "KILL"));
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(c.url()).run("ttl-audit", "--json", "--rate", "6000", "--timeout", "1s",
                    "--connect-timeout", "1s");
            double t = since(t0);
            r.expectExit(4);
            assertThat(t).isLessThan(10);
            assertThat(r.err()).contains("127.0.0.1:" + dead.port());
            JsonNode json = r.json();
            long firstSurvivors = 0;
            for (JsonNode n : json.at("/scan/nodes")) {
                if (!n.get("node").asText().equals("127.0.0.1:" + dead.port())) {
                    firstSurvivors += n.get("keys_scanned").asLong();
                }
            }
            // resume the survivors only: the dead node's entry is left out (its keys are gone with it)
            String cursor = java.util.Arrays.stream(r.err().split("\n")).filter(l -> l.contains("--cursor "))
                    .map(l -> l.substring(l.indexOf("--cursor ") + 9).trim().split("[ )]")[0]).findFirst().orElseThrow();
            String survivorsCursor = String.join(",", java.util.Arrays.stream(cursor.split(","))
                    .filter(p -> !p.startsWith("127.0.0.1:" + dead.port())).toList());
            Cli.Result rest = cli().url(primaries.get(0).url()).run("ttl-audit", "--json", "--cursor", survivorsCursor,
                    "--timeout", "1s", "--connect-timeout", "1s");
            // while a primary is down the cluster cannot be scanned as a whole: the resume says which node,
            // and the first run's per-node counts and cursors stay the record of what was read
            rest.expectExit(3);
            assertThat(rest.err()).contains("127.0.0.1:" + dead.port());
            assertThat(firstSurvivors).isPositive();
            Matrix.record("ttl-audit (cluster)", "a primary killed -9 mid-scan", r.exitCode(), t,
                    "error names the dead node; survivors' counts and cursors printed; a resume while it is down is exit 3 naming it");
        }
    }
}
