package io.cachectl.faults;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisCluster;
import io.cachectl.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * CLUSTER FAILOVER (a replica takes over its primary, gracefully) in the middle of invalidate and of
 * the scan commands, on a 3-primary cluster with one replica each. The promise is the same as for
 * every other fault: the command either finishes exactly (every key counted once, every matching key
 * deleted) or exits 4 with a resume cursor that finishes the job exactly; it never hangs.
 */
class ClusterFailoverCellsTest {
    private static final int PER_NODE = 6_000;
    private static final String RATE = "9000"; // ~2 s per primary: the failover lands mid-scan
    private RedisCluster cluster;

    @BeforeEach
    void start() {
        cluster = RedisCluster.start(3, 1); // one per cell: a failover leaves the topology settling
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private RedisServer replicaOfAPrimary() {
        RedisCluster.awaitReplicasInSync(cluster);
        for (RedisServer n : cluster.nodes()) {
            try (Jedis j = n.jedis()) {
                if (j.info("replication").contains("role:slave")) {
                    return n;
                }
            }
        }
        throw new AssertionError("no replica in " + cluster.nodes());
    }

    /** The failover did happen: the old primary now calls itself a replica. */
    private static void awaitDemoted(RedisServer old) {
        io.cachectl.testing.Await.until(old + " demoted by CLUSTER FAILOVER", java.time.Duration.ofSeconds(20), () -> {
            try (Jedis j = old.jedis()) {
                return j.info("replication").contains("role:slave");
            }
        });
    }

    private RedisServer primaryOf(RedisServer replica) {
        String info;
        try (Jedis j = replica.jedis()) {
            info = j.info("replication");
        }
        int port = Integer.parseInt(info.lines().filter(l -> l.startsWith("master_port:")).findFirst().orElseThrow()
                .substring("master_port:".length()).trim());
        return cluster.nodes().stream().filter(n -> n.port() == port).findFirst().orElseThrow();
    }

    private void fill(String prefix) throws InterruptedException {
        ClusterFaultMatrixTest.fillServed(cluster, prefix, PER_NODE);
        ClusterFaultMatrixTest.fillServed(cluster, "keep", 100);
        RedisCluster.awaitReplicasInSync(cluster);
    }

    private long onPrimaries(String pattern) throws InterruptedException {
        return ClusterFaultMatrixTest.onPrimaries(cluster, j -> j.keys(pattern).size());
    }

    private void scanCell(String command) throws Exception {
        fill("k");
        long total = ClusterFaultMatrixTest.keysOnPrimaries(cluster);
        RedisServer replica = replicaOfAPrimary();
        RedisServer primary = primaryOf(replica);
        Thread fo = Matrix.when(Matrix.scanned(primary, 3), () -> replica.cli("CLUSTER", "FAILOVER"));
        long t0 = System.nanoTime();
        Cli.Result r = cli().url(cluster.url()).run(command, "--json", "--rate", RATE, "--timeout", "2s");
        double t = ClusterFaultMatrixTest.since(t0);
        fo.join();
        assertThat(t).as(r.dump()).isLessThan(30);
        awaitDemoted(primary);
        // the demoted node keeps answering the scan on its cursor (READONLY): no resume needed, exact
        long scanned = r.expectExit(0).json().get("keys_scanned").asLong();
        assertThat(scanned).as(r.dump()).isEqualTo(total);
        Matrix.record(command + " (cluster)", "CLUSTER FAILOVER mid-scan", 0, t, scanned + " keys = DBSIZE of the primaries");
    }

    @Test
    void bigkeys_through_a_cluster_failover_counts_every_key_or_resumes() throws Exception {
        scanCell("bigkeys");
    }

    @Test
    void ttl_audit_through_a_cluster_failover_counts_every_key_or_resumes() throws Exception {
        scanCell("ttl-audit");
    }

    @Test
    void invalidate_through_a_cluster_failover_deletes_every_match_and_nothing_else() throws Exception {
        fill("k");
        RedisServer replica = replicaOfAPrimary();
        RedisServer primary = primaryOf(replica);
        Thread fo = Matrix.when(Matrix.scanned(primary, 3), () -> replica.cli("CLUSTER", "FAILOVER"));
        long t0 = System.nanoTime();
        Cli.Result r = cli().url(cluster.url()).run("invalidate", "k{*", "--yes", "--json", "--rate", RATE,
                "--timeout", "2s");
        double t = ClusterFaultMatrixTest.since(t0);
        fo.join();
        assertThat(t).as(r.dump()).isLessThan(30);
        awaitDemoted(primary);
        // a failover is routine maintenance: the demoted node keeps answering the scan (READONLY) and
        // the deletes follow MOVED to the new primary, so the run completes and says where they went
        JsonNode report = r.expectExit(0).json();
        assertThat(report.get("deleted").asLong()).as(r.dump()).isEqualTo(3L * PER_NODE);
        assertThat(report.get("complete").asBoolean()).isTrue();
        assertThat(onPrimaries("k{*")).as(r.dump()).isZero();
        assertThat(onPrimaries("keep{*")).as(r.dump()).isEqualTo(300);
        assertThat(r.err()).as(r.dump()).contains("failed over mid-run");
        Matrix.record("invalidate (cluster)", "CLUSTER FAILOVER mid-run", r.exitCode(), t,
                "deleted = 18,000 = every match, on the new primary after the switch; 300 'keep' keys untouched");
    }
}
