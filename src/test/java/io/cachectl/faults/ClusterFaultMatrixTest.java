package io.cachectl.faults;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.testing.Await;
import io.cachectl.testing.Cli;
import io.cachectl.testing.CliProcess;
import io.cachectl.testing.RedisCluster;
import io.cachectl.testing.RedisServer;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The fault matrix on a 3-primary cluster: a primary killed (kill -9) and a CLUSTER FAILOVER. Each
 * cell asserts exit code, time bound, message and data outcome (per node, read from the survivors).
 */
class ClusterFaultMatrixTest {
    @TempDir
    Path dir;

    static void fill(RedisCluster c, String prefix, int perNode) {
        for (RedisServer p : c.primaries()) {
            p.cli("DEBUG", "POPULATE", String.valueOf(perNode), prefix + "{" + p.port() + "}");
        }
    }

    static long keys(RedisServer s, String pattern) {
        try (Jedis j = s.jedis()) {
            return j.keys(pattern).size();
        }
    }

    static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** DEBUG POPULATE ignores slots: keys are placed on a node with a hash tag it serves instead. */
    static void fillServed(RedisCluster c, String prefix, int perNode) {
        for (RedisServer p : c.primaries()) {
            try (Jedis j = p.jedis()) {
                String tag = tagServedBy(j);
                redis.clients.jedis.Pipeline pl = j.pipelined();
                for (int i = 0; i < perNode; i++) {
                    pl.set(prefix + "{" + tag + "}:" + i, "v");
                }
                pl.sync();
            }
        }
    }

    static String tagServedBy(Jedis j) {
        String myself = j.clusterNodes().lines().filter(l -> l.contains("myself")).findFirst().orElseThrow();
        String[] f = myself.split(" ");
        int from = Integer.parseInt(f[8].split("-")[0]);
        for (int i = 0; ; i++) {
            String tag = "t" + i;
            int slot = redis.clients.jedis.util.JedisClusterCRC16.getSlot(tag);
            String[] range = f[8].split("-");
            if (slot >= from && slot <= Integer.parseInt(range[range.length - 1])) {
                return tag;
            }
        }
    }

    @Test
    void cluster_primary_killed_before_bigkeys_exits_3_naming_the_dead_node() {
        try (RedisCluster c = RedisCluster.start(3)) {
            fillServed(c, "k", 5_000);
            fillServed(c, "keep", 100);
            List<RedisServer> primaries = c.primaries();
            RedisServer dead = primaries.get(2);
            CliProcess.signal(dead.pid(), "KILL");

            long t0 = System.nanoTime();
            Cli.Result big = cli().url(c.url()).run("bigkeys", "--json", "--timeout", "1s", "--connect-timeout", "1s");
            double tb = since(t0);
            assertThat(big.exitCode()).as(big.dump()).isIn(3, 4);
            assertThat(tb).isLessThan(8);
            assertThat(big.err()).contains("127.0.0.1:" + dead.port());
            Matrix.record("bigkeys (cluster)", "a primary killed -9", big.exitCode(), tb, "error names the dead node "
                    + (big.exitCode() == 4 ? "; survivors' keys reported" : ""));

        }
    }

    @Test
    void cluster_primary_killed_mid_invalidate_exits_4_and_each_survivor_deleted_exactly_what_it_reports() {
        try (RedisCluster c = RedisCluster.start(3)) {
            fillServed(c, "k", 5_000);
            fillServed(c, "keep", 100);
            List<RedisServer> primaries = c.primaries();
            RedisServer dead = primaries.get(2);
            Matrix.when(Matrix.scanned(dead, 2), () -> CliProcess.signal(dead.pid(), "KILL"));
            long t0 = System.nanoTime();
            Cli.Result inv = cli().url(c.url()).run("invalidate", "k{*", "--yes", "--json", "--rate", "6000",
                    "--timeout", "1s", "--connect-timeout", "1s");
            double ti = since(t0);
            inv.expectExit(4);
            assertThat(ti).isLessThan(8);
            assertThat(inv.err()).contains("127.0.0.1:" + dead.port());
            long gone = 0;
            for (RedisServer p : primaries.subList(0, 2)) {
                long goneHere = 5_000 - keys(p, "k{*");
                gone += goneHere;
                JsonNode node = null;
                for (JsonNode nd : inv.json().get("nodes")) {
                    if (nd.get("node").asText().equals("127.0.0.1:" + p.port())) {
                        node = nd;
                    }
                }
                assertThat(node).as(inv.dump()).isNotNull();
                assertThat(node.get("deleted").asLong()).as(inv.dump()).isEqualTo(goneHere);
                assertThat(keys(p, "keep{*")).isEqualTo(100);
            }
            Matrix.record("invalidate (cluster)", "a primary killed -9 mid-run", inv.exitCode(), ti, "survivors: deleted "
                    + gone + " = reported per node; 'keep' keys untouched");
        }
    }

    @Test
    void cluster_primary_killed_warm_and_bench_end_without_hanging_and_name_the_dead_node() throws IOException {
        Path f = dir.resolve("w.jsonl");
        int n = 20_000;
        try (Writer w = Files.newBufferedWriter(f)) {
            for (int i = 1; i <= n; i++) {
                w.write("{\"key\":\"r:" + i + "\",\"value\":\"v\",\"ttl\":3600}\n");
            }
        }
        try (RedisCluster c = RedisCluster.start(3)) {
            RedisServer dead = c.primaries().get(1);
            CliProcess.signal(dead.pid(), "KILL");
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(c.url()).run("warm", f.toString(), "--yes", "--json", "--connect-timeout", "1s",
                    "--timeout", "1s");
            double t = since(t0);
            r.expectExit(4); // D1: this hung forever
            assertThat(t).isLessThan(20);
            JsonNode j = r.json();
            long onSurvivors = 0;
            for (RedisServer p : c.nodes()) {
                if (p != dead) {
                    try (Jedis jj = p.jedis()) {
                        onSurvivors += jj.dbSize();
                    }
                }
            }
            assertThat(j.get("written").asLong()).isEqualTo(onSurvivors);
            assertThat(j.get("written").asLong() + j.get("skipped").asLong() + j.get("rejected").asLong()).isEqualTo(n);
            assertThat(r.err()).contains("127.0.0.1:" + dead.port()).contains("--resume-from");
            Matrix.record("warm (cluster)", "a primary killed -9 before the load", 4, t, "written " + onSurvivors
                    + " = keys on the survivors; every record written or counted; resume line printed");

            t0 = System.nanoTime();
            Cli.Result b = cli().url(c.url()).run("bench", "set", "-n", "5000", "-c", "2", "-r", "3000",
                    "--connect-timeout", "1s", "--timeout", "1s");
            double tb = since(t0);
            assertThat(b.exitCode()).as(b.dump()).isIn(3, 4);
            assertThat(tb).isLessThan(10);
            // before cluster-node-timeout the dead node is named; after it a survivor answers CLUSTERDOWN
            assertThat(b.err()).containsAnyOf("127.0.0.1:" + dead.port(), "CLUSTERDOWN");
            Matrix.record("bench (cluster)", "a primary killed -9 (before start)", b.exitCode(), tb,
                    "nothing written; error names the dead node, or CLUSTERDOWN once the cluster marked it failed");
        }
    }

    @Test
    void cluster_failover_mid_bench_completes_and_deletes_every_bench_key() throws Exception {
        try (RedisCluster c = RedisCluster.start(3, 1)) {
            RedisServer replica = c.nodes().stream().filter(nd -> !c.primaries().contains(nd)).findFirst().orElseThrow();
            Thread fo = Matrix.when(() -> c.primaries().stream().mapToLong(p -> Await.calls(p, "set")).sum() >= 3_000,
                    () -> replica.cli("CLUSTER", "FAILOVER"));
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(c.url()).run("bench", "set", "--duration", "3s", "-c", "2", "-r", "5000", "--json",
                    "--timeout", "2s");
            double t = since(t0);
            fo.join();
            assertThat(r.exitCode()).as(r.dump()).isIn(0, 4);
            long left = 0;
            for (RedisServer p : c.nodes()) {
                left += keys(p, "cachectl:bench:*");
            }
            assertThat(left).as(r.dump()).isZero();
            if (r.exitCode() == 0) {
                r.json(); // the report is printed, not discarded (D10)
            }
            Matrix.record("bench (cluster)", "CLUSTER FAILOVER mid-run", r.exitCode(), t, "0 bench keys left on any node");
        }
    }

    /**
     * Keys on the nodes that call themselves primary, once the failover has settled (3 of them): the
     * seed's CLUSTER NODES can briefly list the old and the new primary both as master.
     */
    static long keysOnPrimaries(RedisCluster c) throws InterruptedException {
        return onPrimaries(c, Jedis::dbSize);
    }

    /** {@code count} summed over the nodes that call themselves primary, once 3 of them do (up to 10 s). */
    static long onPrimaries(RedisCluster c, java.util.function.ToLongFunction<Jedis> count) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (true) {
            long total = 0;
            int primaries = 0;
            for (RedisServer p : c.nodes()) {
                try (Jedis j = p.jedis()) {
                    if (j.info("replication").contains("role:master")) {
                        primaries++;
                        total += count.applyAsLong(j);
                    }
                }
            }
            if (primaries == 3 || System.nanoTime() > end) {
                return total;
            }
            Thread.sleep(100);
        }
    }

    @Test
    void cluster_failover_mid_warm_writes_every_record() throws Exception {
        int n = 30_000;
        Path f = Matrix.records(dir, n);
        try (RedisCluster c = RedisCluster.start(3, 1)) {
            RedisServer replica = c.nodes().stream().filter(nd -> !c.primaries().contains(nd)).findFirst().orElseThrow();
            RedisServer seed = c.seed();
            Thread fo = Matrix.whenKeys(c.primaries().get(0), k -> k > 500, () -> replica.cli("CLUSTER", "FAILOVER"));
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(c.url()).run("warm", f.toString(), "--yes", "--json", "--pipeline", "100",
                    "--timeout", "2s");
            double t = since(t0);
            fo.join();
            long total = keysOnPrimaries(c);
            if (r.exitCode() == 0) {
                assertThat(total).as(r.dump()).isEqualTo(n);
                Matrix.record("warm (cluster)", "CLUSTER FAILOVER mid-load", 0, t, n + " records on the primaries = written");
            } else {
                r.expectExit(4);
                long resume = r.json().get("resume_line").asLong();
                cli().url(seed.url()).run("warm", f.toString(), "--yes", "--resume-from", String.valueOf(resume)).ok();
                long after = keysOnPrimaries(c);
                assertThat(after).isEqualTo(n);
                Matrix.record("warm (cluster)", "CLUSTER FAILOVER mid-load", 4, t, "resume line " + resume
                        + "; --resume-from completes: " + n);
            }
        }
    }

    /** D10: the error named the URL's node, not the primary that died. */
    @Test
    void cluster_primary_killed_mid_bench_exits_4_naming_the_dead_primary() {
        try (RedisCluster c = RedisCluster.start(3)) {
            RedisServer dead = c.primaries().get(2);
            Matrix.when(Matrix.served(dead, 500, "set"), () -> CliProcess.signal(dead.pid(), "KILL"));
            long t0 = System.nanoTime();
            Cli.Result r = cli().url(c.url()).run("bench", "set", "--duration", "3s", "-c", "3", "-r", "3000",
                    "--timeout", "1s", "--connect-timeout", "1s");
            double t = since(t0);
            r.expectExit(4);
            assertThat(t).isLessThan(10);
            assertThat(r.err()).contains("127.0.0.1:" + dead.port()).contains("requests completed before the failure");
            long left = 0;
            for (RedisServer p : c.primaries()) {
                if (p != dead) {
                    left += keys(p, "cachectl:bench:*");
                }
            }
            Matrix.record("bench (cluster)", "a primary killed -9 mid-run", 4, t, "error names the dead primary; "
                    + left + " bench keys left on the survivors");
        }
    }
}
