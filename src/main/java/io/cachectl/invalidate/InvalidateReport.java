package io.cachectl.invalidate;

import java.util.List;

/**
 * What {@code invalidate} did. Contract fields: {@code pattern}, {@code dry_run}, {@code matched},
 * {@code deleted}, {@code nodes} [{@code node}, {@code matched}, {@code deleted}]. {@code skipped}:
 * matched keys that were already gone when UNLINK reached them. {@code unconfirmed}: keys of an
 * UNLINK round whose reply was lost and whose fate could not be checked afterwards (the server
 * may or may not have deleted them). {@code complete} is false when it
 * stopped early (failure or Ctrl-C); {@code error} then says why.
 */
public record InvalidateReport(
        String pattern,
        String source,
        String type,
        boolean dryRun,
        long matched,
        long deleted,
        long skipped,
        long unconfirmed,
        Long bytes,
        List<NodeResult> nodes,
        List<String> sample,
        double elapsedSeconds,
        double keysPerSec,
        boolean complete,
        String error,
        List<String> notes) {

    /** Per node; {@code cursor} is where its SCAN stopped when incomplete ("0" when done). */
    public record NodeResult(String node, long matched, long deleted, long skipped, long unconfirmed, Long bytes, String cursor,
            String error) {
    }
}
