package io.cachectl.scan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.cachectl.error.CachectlException;
import io.cachectl.error.ExitCode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of a scan: per-node counts and cursors, whether it covered everything, sampling and
 * the scan's own footprint on the server.
 *
 * @param nodes               one entry per scanned node
 * @param keysScanned         keys delivered, all nodes
 * @param dbsize              sum of DBSIZE at start
 * @param vanished            keys skipped because they disappeared before being probed
 * @param typeChanged         keys skipped because their type changed between probes
 * @param completed           every node's cursor came back to 0 (and no sampling cut it short)
 * @param interrupted         stopped by Ctrl-C / the stop condition
 * @param estimated           sampled: totals are extrapolated with {@code extrapolation}
 * @param extrapolation       dbsize / keys scanned when sampled, else 1
 * @param hitsAdded           keyspace hits the scan itself added (exact count of hit-counting probes)
 * @param missesAdded         keyspace misses the scan itself added (probes of keys that had vanished)
 * @param keyspaceHitsDelta   INFO keyspace_hits difference over the scan (includes other clients)
 * @param noTouch             CLIENT NO-TOUCH was on (7.2+): the scan did not refresh LRU/LFU
 * @param memoryAvailable     MEMORY USAGE was probed (false when not asked for or refused)
 * @param seconds             wall time
 * @param error               the first node failure, or null
 * @param permissionDenied    that failure was a NOPERM / refused command
 * @param notes               degradations worth telling the user (also printed on stderr by commands)
 */
public record ScanSummary(List<NodeScan> nodes, long keysScanned, long dbsize, long vanished, long typeChanged,
        boolean completed, boolean interrupted, boolean estimated, double extrapolation, long hitsAdded,
        long missesAdded, long keyspaceHitsDelta, boolean noTouch, boolean memoryAvailable, double seconds, String error,
        @JsonIgnore boolean permissionDenied, List<String> notes) {

    /** {@code --cursor} value to resume: {@code host:port=cursor,...} ({@code done} for finished nodes). */
    public String resumeCursor() {
        return Cursors.format(nodes);
    }

    /** Keys per second. */
    public double rate() {
        return seconds > 0 ? keysScanned / seconds : 0;
    }

    /** The methods used, e.g. "script" or "pipeline" (several when nodes differ). */
    public String method() {
        return nodes.stream().map(NodeScan::method).distinct().collect(Collectors.joining(","));
    }

    /**
     * The exception a command should end with when a node failed: exit 3 for a refused command or
     * when nothing was scanned, exit 4 (partial) otherwise; null when no node failed.
     */
    public CachectlException failure() {
        if (error == null) {
            return null;
        }
        String resume = completed ? "" : " (resume with --cursor " + resumeCursor() + ")";
        int code = permissionDenied || keysScanned == 0 ? ExitCode.UNAVAILABLE : ExitCode.PARTIAL;
        String done = keysScanned == 0 ? "" : "; " + keysScanned + " keys were scanned before the failure";
        return new CachectlException(code, error + done + resume);
    }
}
