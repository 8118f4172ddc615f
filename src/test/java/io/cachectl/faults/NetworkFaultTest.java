package io.cachectl.faults;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.testing.Cli;
import io.cachectl.testing.DelayRelay;
import io.cachectl.testing.NetNs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Network faults: the server runs in its own network namespace behind a veth pair (10.231.N.0/30,
 * made by the test). tc netem on the host side adds delay or loss; where the kernel has no sch_netem,
 * loss comes from an nftables rule in the namespace and delay from a delaying TCP relay in front of it.
 * A blackhole route in the namespace drops every reply silently (no RST).
 * Everything is skipped, with the reason, where namespaces cannot be made (not root, no iproute2).
 */
class NetworkFaultTest {
    private static NetNs net;
    private static String skip;
    private static String noNetem;

    @TempDir
    Path dir;

    @BeforeAll
    static void up() {
        skip = NetNs.unavailable();
        if (skip == null) {
            net = NetNs.start();
            noNetem = net.netemUnavailable();
        }
    }

    @AfterAll
    static void down() {
        if (net != null) {
            net.close();
        }
    }

    @BeforeEach
    void clean() {
        assumeTrue(skip == null, "network-fault tests skipped: " + skip);
        net.clear();
        try (Jedis j = net.jedis()) {
            j.flushAll();
        }
    }

    private static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static JsonNode latencyTarget(JsonNode stats) {
        for (JsonNode t : stats.get("targets")) {
            if (t.get("name").asText().equals("latency")) {
                return t;
            }
        }
        throw new AssertionError("no latency target: " + stats);
    }

    /**
     * The URL of the server behind {@code ms} of added latency: tc netem on the veth where the kernel
     * has sch_netem, else a delaying TCP relay in front of the namespace (the relay is returned to close).
     */
    private static String delayed(int ms, DelayRelay[] relay) throws java.io.IOException {
        if (noNetem == null) {
            net.netem("delay", ms + "ms");
            return net.url();
        }
        relay[0] = new DelayRelay(net.host(), net.port(), ms);
        return relay[0].url();
    }

    private static String how() {
        return noNetem == null ? "netem delay" : "delay (relay; no sch_netem)";
    }

    @Test
    void added_latency_is_reported_and_fails_the_latency_target() throws Exception {
        DelayRelay[] relay = new DelayRelay[1];
        try {
            String url = delayed(20, relay);
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(url).run("stats", "--json", "--latency-samples", "20");
            double t = since(t0);
            JsonNode lat = latencyTarget(r.json());
            assertThat(lat.get("value").asDouble()).as(r.dump()).isBetween(19.0, 60.0);
            assertThat(lat.get("status").asText()).isEqualTo("FAIL");
            Matrix.record("stats", how() + " 20ms", r.exitCode(), t, "latency " + lat.get("value").asDouble() + " ms: FAIL");
        } finally {
            if (relay[0] != null) {
                relay[0].close();
            }
        }
        net.clear();
        try {
            String url = delayed(10, relay);
            Cli.Result c = cli().url(url).run("stats", "--json", "--check", "--latency-samples", "20",
                    "--max-latency-ms", "5").expectExit(1);
            JsonNode lat10 = latencyTarget(c.json());
            assertThat(lat10.get("value").asDouble()).isBetween(9.5, 40.0);
            assertThat(lat10.get("status").asText()).isEqualTo("FAIL");
            Matrix.record("stats --check --max-latency-ms 5", how() + " 10ms", 1, 0, "latency "
                    + lat10.get("value").asDouble() + " ms: FAIL, exit 1");
        } finally {
            if (relay[0] != null) {
                relay[0].close();
            }
        }
        net.clear();
        JsonNode none = latencyTarget(cli().url(net.url()).run("stats", "--json", "--latency-samples", "20").json());
        assertThat(none.get("value").asDouble()).isLessThan(5.0);
    }

    @Test
    void packet_loss_slows_commands_but_counts_stay_exact() throws Exception {
        String noLoss = net.lossUnavailable();
        assumeTrue(noLoss == null, "packet-loss test skipped: " + noLoss);
        int n = 20_000;
        Path f = Matrix.records(dir, n);
        try (Jedis j = net.jedis()) {
            for (int i = 0; i < 200; i++) {
                j.set("keep:" + i, "v");
            }
        }
        net.loss(5);
        long t0 = System.nanoTime();
        JsonNode w = cli().url(net.url()).run("warm", f.toString(), "--yes", "--json").ok().json();
        double tw = since(t0);
        assertThat(w.get("written").asLong()).isEqualTo(n);
        t0 = System.nanoTime();
        JsonNode big = cli().url(net.url()).run("bigkeys", "--json").ok().json();
        double tb = since(t0);
        assertThat(big.get("keys_scanned").asLong()).isEqualTo(n + 200);
        t0 = System.nanoTime();
        JsonNode inv = cli().url(net.url()).run("invalidate", "r:*", "--yes", "--json").ok().json();
        double ti = since(t0);
        assertThat(inv.get("deleted").asLong()).isEqualTo(n);
        net.clear();
        try (Jedis j = net.jedis()) {
            assertThat(j.dbSize()).isEqualTo(200);
        }
        Matrix.record("warm / bigkeys / invalidate", (noNetem == null ? "netem" : "nft") + " loss 5%", 0, tw + tb + ti, String.format(java.util.Locale.ROOT,
                "written %d, scanned %d, deleted %d: exact (%.1f + %.1f + %.1f s)", n, n + 200, n, tw, tb, ti));
    }

    @Test
    void a_black_holed_path_is_exit_3_within_the_connect_timeout_for_every_command() throws Exception {
        Path f = dir.resolve("one.jsonl");
        Files.writeString(f, "{\"key\":\"a\",\"value\":1,\"ttl\":60}\n");
        net.blackhole();
        String[][] commands = {{"stats"}, {"bigkeys"}, {"ttl-audit"}, {"invalidate", "x:*", "--yes"},
            {"warm", f.toString(), "--yes"}, {"bench", "get", "-n", "100"}};
        for (String[] cmd : commands) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(cmd),
                    java.util.stream.Stream.of("--connect-timeout", "1s", "--timeout", "1s")).toArray(String[]::new);
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(net.url()).run(args);
            double t = since(t0);
            r.expectExit(3);
            assertThat(t).as(String.join(" ", cmd)).isLessThan(4.0);
            assertThat(r.err()).contains(net.host() + ":" + net.port()).contains("timed out");
            Matrix.record(cmd[0], "black hole (no RST) before start", 3, t, "nothing done; 'timed out'");
        }
    }

    @Test
    void a_path_black_holed_mid_run_is_exit_4_within_the_timeouts() throws Exception {
        // 300,000 records: warm wrote 100,000 in 0.2 s, before a loaded machine had spawned `ip route`
        int n = 300_000;
        Path f = Matrix.records(dir, n);
        Thread hole = Matrix.after(0, () -> {
            try (Jedis j = net.jedis()) {
                while (j.dbSize() < 5_000) {
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                return;
            }
            net.blackhole();
        });
        long t0 = System.nanoTime();
        Cli.Result r = cli().url(net.url()).run("warm", f.toString(), "--yes", "--json", "--pipeline", "200",
                "--connect-timeout", "300ms", "--timeout", "300ms");
        double t = since(t0);
        hole.join();
        r.expectExit(4);
        // 6 retries: 6.3 s of backoff plus a connect timeout each
        assertThat(t).isLessThan(15);
        long resume = r.json().get("resume_line").asLong();
        net.clear();
        cli().url(net.url()).run("warm", f.toString(), "--yes", "--resume-from", String.valueOf(resume)).ok();
        try (Jedis j = net.jedis()) {
            assertThat(j.dbSize()).isEqualTo(n);
        }
        Matrix.record("warm", "black hole mid-load (--timeout 300ms)", 4, t, "resume line " + resume
                + "; after the path heals --resume-from completes: " + n + " = DBSIZE");
    }

    @Test
    void a_path_black_holed_mid_scan_or_mid_invalidate_is_exit_4_within_the_timeout_and_counts_stay_honest() {
        populate();
        Thread hole = Matrix.after(1500, net::blackhole);
        long t0 = System.nanoTime();
        Cli.Result big = cli().url(net.url()).run("bigkeys", "--json", "--rate", "5000", "--timeout", "500ms",
                "--connect-timeout", "500ms");
        double tb = since(t0);
        join(hole);
        big.expectExit(4);
        assertThat(tb).isLessThan(5);
        assertThat(big.err()).contains("timed out").contains("--cursor");
        net.clear();
        Matrix.record("bigkeys", "black hole mid-scan (--timeout 500ms)", 4, tb, big.json().get("keys_scanned").asLong()
                + " keys reported, cursor printed");

        hole = Matrix.after(1500, net::blackhole);
        t0 = System.nanoTime();
        Cli.Result inv = cli().url(net.url()).run("invalidate", "k:*", "--yes", "--json", "--rate", "5000",
                "--timeout", "500ms", "--connect-timeout", "500ms");
        double ti = since(t0);
        join(hole);
        inv.expectExit(4);
        assertThat(ti).isLessThan(5);
        net.clear();
        long deleted = inv.json().get("deleted").asLong();
        long unconfirmed = inv.json().get("unconfirmed").asLong();
        long gone;
        try (Jedis j = net.jedis()) {
            gone = 20_000 - j.keys("k:*").size();
            assertThat(j.keys("keep:*")).hasSize(500);
        }
        assertThat(gone).as(inv.dump()).isBetween(deleted, deleted + unconfirmed);
        Matrix.record("invalidate", "black hole mid-run (--timeout 500ms)", 4, ti, "reported " + deleted + " deleted + "
                + unconfirmed + " unconfirmed; actually gone " + gone + "; others untouched");
    }

    private static void populate() {
        try (Jedis j = net.jedis()) {
            j.sendCommand(() -> redis.clients.jedis.util.SafeEncoder.encode("DEBUG"), "POPULATE", "20000", "k");
            j.sendCommand(() -> redis.clients.jedis.util.SafeEncoder.encode("DEBUG"), "POPULATE", "500", "keep");
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
