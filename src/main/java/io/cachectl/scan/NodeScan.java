package io.cachectl.scan;

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
 */
public record NodeScan(String node, String role, long dbsize, long keysScanned, long vanished, long typeChanged,
        String cursor, boolean completed, String method, long hitsAdded, long missesAdded, long keyspaceHitsDelta,
        long calls, String error) {
}
