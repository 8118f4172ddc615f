package io.cachectl.cli;

import io.cachectl.output.Console;
import io.cachectl.output.Units;
import io.cachectl.slo.Status;
import io.cachectl.slo.TargetResult;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one stderr line of a failed {@code --check}: what failed, so that a CI log whose stdout went to
 * a file ({@code --json > report.json}) still says why the job is red.
 */
final class CheckFailure {
    private CheckFailure() {
    }

    static void print(Console console, String what) {
        console.err().println(console.errStyle().red("check failed: " + what));
        console.err().flush();
    }

    /** {@code hit_rate 62.0 % (target > 80 %), memory 91.2 % on 127.0.0.1:7001 (target < 80 %)}. */
    static String targets(List<TargetResult> results) {
        return results.stream().filter(t -> t.status() == Status.FAIL).map(t -> t.name() + " "
                + (t.value() == null ? "n/a" : Units.decimal(t.value(), t.unit().equals("ms") ? 2 : 1)
                        + (t.unit().equals("pct") ? " %" : " " + t.unit()))
                + (t.node() != null ? " on " + t.node() : "") + " (target " + t.comparison() + " "
                + Units.decimal(t.threshold(), t.threshold() == Math.rint(t.threshold()) ? 0 : 2)
                + (t.unit().equals("pct") ? " %" : " " + t.unit()) + ")")
                .collect(Collectors.joining(", "));
    }
}
