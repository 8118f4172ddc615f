package io.cachectl.scan;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What happened on one node.
 *
 * @param node               host:port
 * @param role               primary | replica
 * @param dbsize             DBSIZE when the scan started
 * @param keysScanned        keys delivered to the consumer
 * @param vanished           keys SCAN returned that were gone (or expired) when probed
 * @param typeChanged        keys whose type changed between probes (pipelined mode only)
 * @param cursor             where to resume ("0" once complete)
 * @param completed          the SCAN cursor came back to 0
 * @param method             script (probes inside one EVAL per batch) | pipeline | scan (no probes)
 * @param hitsAdded          keyspace hits the probes themselves caused (TYPE, PTTL, length on existing keys)
 * @param missesAdded        keyspace misses the probes caused (TYPE or PTTL on a key that was gone)
 * @param keyspaceHitsDelta  INFO keyspace_hits after − before (includes other clients' traffic)
 * @param calls              round trips (EVAL calls or SCAN + pipelines)
 * @param error              one-line failure, or null
 * @param layout             the node's keyspace layout: one-dict | per-slot | unknown (see {@link KeyspaceLayout})
 * @param chains             cursor ranges scanned side by side (1, or 4; see {@link Ranges})
 * @param serverMs           server time the probe script's calls took by their own clock (0 without the script):
 *                           the batch size adapts to keep each call near 1 ms
 * @param shardSlot          first slot of the shard the node belongs to (-1 outside a cluster): names
 *                           the shard in a resume cursor, so a resume after a failover finds its new primary
 * @param runId              the first 8 characters of the node's INFO run_id: a cursor only continues on
 *                           the server process it was saved on (hash positions differ between processes)
 */
public record NodeScan(String node, String role, long dbsize, long keysScanned, long vanished, long typeChanged,
        String cursor, boolean completed, String method, long hitsAdded, long missesAdded, long keyspaceHitsDelta,
        long calls, String error, String layout, int chains, double serverMs, @JsonIgnore int shardSlot,
        @JsonIgnore String runId) {
}
