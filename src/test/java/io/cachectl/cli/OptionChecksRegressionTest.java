package io.cachectl.cli;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.error.ExitCode;
import org.junit.jupiter.api.Test;

/** Issue 11 "also found": out-of-range targets were accepted; combined messages did not name the option. */
class OptionChecksRegressionTest {
    @Test
    void target_percentages_outside_0_to_100_are_usage_errors_naming_the_option() {
        assertThat(cli().url("redis://127.0.0.1:1").run("stats", "--min-hit-rate", "150").expectExit(ExitCode.USAGE)
                .err()).contains("--min-hit-rate is a percentage: 0 to 100 (got 150.0)");
        assertThat(cli().url("redis://127.0.0.1:1").run("stats", "--max-latency-ms", "0").expectExit(ExitCode.USAGE)
                .err()).contains("--max-latency-ms must be a positive number");
    }

    @Test
    void each_wrong_option_is_named_on_its_own() {
        assertThat(cli().run("bigkeys", "--threshold", "0").expectExit(ExitCode.USAGE).err())
                .contains("--threshold must be positive (got 0)").doesNotContain("--namespaces");
        assertThat(cli().run("ttl-audit", "--examples", "-1").expectExit(ExitCode.USAGE).err())
                .contains("--examples must not be negative (got -1)").doesNotContain("--namespaces");
        assertThat(cli().run("invalidate", "x:*", "--rate", "-1", "--dry-run").expectExit(ExitCode.USAGE).err())
                .contains("--rate must not be negative (got -1)").doesNotContain("--count");
    }
}
