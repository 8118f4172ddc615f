package io.cachectl.cli;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.error.ExitCode;
import io.cachectl.testing.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HelpAndCompletionTest {

    @Test
    void committed_bash_completion_matches_the_command_model() throws Exception {
        String generated = cli().run("generate-completion").ok().out();
        String committed = Files.readString(Path.of("completions/cachectl.bash"));
        assertThat(committed)
                .as("completions/cachectl.bash is stale: run scripts/gen-completions and commit the result")
                .isEqualTo(generated);
        assertThat(generated).contains("stats", "--url", "--json");
    }

    @Test
    void top_level_help_groups_commands_and_lists_exit_codes() {
        Cli.Result r = cli().run("--help").ok();
        assertThat(r.out()).contains("Inspect:", "stats", "Exit codes:", "130", "Examples:", "REDIS_URL");
        assertThat(r.out()).doesNotContain("generate-completion");
    }

    @Test
    void every_command_help_has_examples_and_exit_codes() {
        for (String cmd : cli().run("generate-completion").out().contains("bigkeys")
                ? new String[] {"stats", "bigkeys"} : new String[] {"stats"}) {
            Cli.Result r = cli().run(cmd, "--help").ok();
            assertThat(r.out()).contains("Examples:", "Exit codes:", "--url", "--json");
        }
    }

    @Test
    void unknown_option_and_command_are_exit_2_with_a_suggestion() {
        Cli.Result opt = cli().run("stats", "--jsn").expectExit(ExitCode.USAGE);
        assertThat(opt.err()).contains("Unknown option: '--jsn'", "--json", "See 'cachectl stats --help'");
        Cli.Result cmd = cli().run("stat").expectExit(ExitCode.USAGE);
        assertThat(cmd.err()).contains("stats");
        assertThat(cli().run().exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void version_prints_the_name() {
        assertThat(cli().run("--version").ok().out()).startsWith("cachectl ");
    }

    @Test
    void keyspace_commands_share_the_basic_scan_options_and_help_prints_no_picocli_warning() {
        PrintStream realErr = System.err;
        ByteArrayOutputStream picocliErr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(picocliErr, true, StandardCharsets.UTF_8));
        try {
            String invalidate = cli().run("invalidate", "--help").ok().out();
            for (String cmd : new String[] {"bigkeys", "ttl-audit"}) {
                String help = cli().run(cmd, "--help").ok().out();
                assertThat(help).contains("--match=PATTERN", "--delimiters=CHARS", "--depth=N", "--[no-]collapse-ids",
                        "Scan only P % of each node's keys");
                for (String option : new String[] {"--count=N", "--rate=KEYS_PER_SEC", "--type=TYPE"}) {
                    assertThat(invalidate).contains(option);
                    assertThat(optionHelp(help, option)).isEqualTo(optionHelp(invalidate, option));
                }
            }
        } finally {
            System.setErr(realErr);
        }
        assertThat(picocliErr.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        assertThat(cli().run("invalidate", "x:*", "--count", "0", "--dry-run").expectExit(ExitCode.USAGE).err())
                .contains("--count must be positive");
        assertThat(cli().run("bigkeys", "--depth", "0").expectExit(ExitCode.USAGE).err())
                .contains("--depth must be positive");
    }

    /** The help lines of {@code option}: its line and the continuation lines below it. */
    private static String optionHelp(String help, String option) {
        StringBuilder out = new StringBuilder();
        for (String line : help.substring(help.indexOf("\n      " + option) + 1).split("\n")) {
            if (out.length() > 0 && (line.isBlank() || line.trim().startsWith("-"))) {
                break;
            }
            out.append(line.trim()).append(' ');
        }
        return out.toString();
    }
}
