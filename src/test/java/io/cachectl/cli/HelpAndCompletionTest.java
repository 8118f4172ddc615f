package io.cachectl.cli;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.output.ExitCode;
import io.cachectl.testing.Cli;
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
}
