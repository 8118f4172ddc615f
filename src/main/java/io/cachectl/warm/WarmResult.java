package io.cachectl.warm;

import java.util.List;

/**
 * The summary of one {@code warm} run (also its {@code --json} document). Always
 * {@code written + skipped + rejected == records_read}; {@code skipped_by} says why records were
 * not written.
 *
 * @param status        {@code ok}, {@code dry_run}, {@code invalid} (bad records, nothing written),
 *                      {@code failed} (stopped part-way), {@code interrupted}
 * @param resumeLine    on failure/interrupt: pass {@code --resume-from} this line to continue; every
 *                      record before it is written
 */
public record WarmResult(String file, String format, String target, String mode, boolean dryRun, String status,
        long lines, long bytes, long recordsRead, long written, long skipped, long rejected, SkippedBy skippedBy,
        List<RecordError> errors, long errorsTotal, boolean duplicatesChecked, Long resumeFrom, Long resumeLine,
        String rejectsFile, List<Loader.NodeResult> nodes, long elapsedMs, long validateMs, long writeMs, double recordsPerSec,
        String failure) {

    /** Why valid records were not written. */
    public record SkippedBy(long exists, long beforeResume, long dryRun, long invalidFile, long notAttempted) {
        static final SkippedBy NONE = new SkippedBy(0, 0, 0, 0, 0);
    }
}
