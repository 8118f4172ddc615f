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

    /** Issue 13: warm refused 1.5mb that bigkeys took; one size syntax now, checked before anything connects. */
    @Test
    void warm_and_bigkeys_take_the_same_sizes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path f = dir.resolve("w.jsonl");
        java.nio.file.Files.writeString(f, "{\"key\":\"a\",\"value\":\"x\",\"ttl\":60}\n");
        for (String size : new String[] {"1.5mb", "1.5 MB", "512kb", "2048", "0.5m"}) {
            cli().run("warm", f.toString(), "--dry-run", "--max-value-size", size).ok();
        }
        for (String size : new String[] {"1,5mb", "1tb", "-1", "mb", "1e3"}) {
            assertThat(cli().run("warm", f.toString(), "--dry-run", "--max-value-size", size)
                    .expectExit(ExitCode.USAGE).err()).contains("is not a size");
            assertThat(cli().run("bigkeys", "--threshold", size).expectExit(ExitCode.USAGE).err())
                    .contains("is not a size");
        }
    }
}
