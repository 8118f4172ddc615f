package io.cachectl.cli;

import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.error.ExitCode;
import io.cachectl.scan.ScanSummary;
import io.cachectl.scan.ScanView;

/** How a scan-based command ends: failure (3/4 with the resume cursor), Ctrl-C (130), check (1) or 0. */
final class ScanEnd {
    private ScanEnd() {
    }

    /** Before printing a report: a failure before any key was scanned, or a refused command, ends here. */
    static void beforeReport(ScanSummary scan) {
        CachectlException failure = scan.failure();
        if (failure != null && (scan.keysScanned() == 0 || scan.permissionDenied())) {
            throw failure;
        }
    }

    static int exitCode(Console console, ScanSummary scan, boolean checkFailed) {
        CachectlException failure = scan.failure();
        if (failure != null) {
            throw failure;
        }
        if (scan.interrupted() && !scan.completed()) {
            console.warn("interrupted: the report above covers " + scan.keysScanned() + " of " + scan.dbsize()
                    + " keys; " + ScanView.resume(scan));
            return ExitCode.INTERRUPTED;
        }
        return checkFailed ? ExitCode.CHECK_FAILED : ExitCode.OK;
    }
}
