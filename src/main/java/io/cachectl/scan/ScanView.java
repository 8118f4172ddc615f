package io.cachectl.scan;

import io.cachectl.output.Style;
import io.cachectl.output.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Human lines about a scan itself: coverage, speed, footprint, how to resume. */
public final class ScanView {
    private ScanView() {
    }

    public static String headline(ScanSummary s) {
        String nodes = s.nodes().size() == 1 ? "1 node" : s.nodes().size() + " nodes";
        String state = s.completed() ? "" : s.interrupted() ? " (interrupted)" : s.estimated() ? " (sample)"
                : " (incomplete)";
        return String.format(Locale.ROOT, "%s of %s keys scanned on %s in %.1f s (%s, %s keys/s)%s",
                Units.count(s.keysScanned()), Units.count(s.dbsize()), nodes, s.seconds(), s.method(),
                Units.count(Math.round(s.rate())), state);
    }

    /** Footer lines: skipped keys (the command prints its own effect on the counters). */
    public static List<String> footer(ScanSummary s, Style style) {
        List<String> lines = new ArrayList<>();
        if (s.vanished() + s.typeChanged() > 0) {
            lines.add(style.dim("skipped " + Units.count(s.vanished()) + " keys that vanished and "
                    + Units.count(s.typeChanged()) + " that changed type during the scan"));
        }
        return lines;
    }

    /** The resume hint, for stderr, when the scan did not complete. */
    public static String resume(ScanSummary s) {
        return "resume with: --cursor " + s.resumeCursor();
    }
}
