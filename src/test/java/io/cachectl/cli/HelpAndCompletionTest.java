package io.cachectl.cli;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.error.ExitCode;
import io.cachectl.docs.ManPages;
import io.cachectl.testing.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

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

    /** Every command in the picocli model, nested ones ({@code targets list}) and hidden ones included. */
    private static List<CommandLine> everyCommand() {
        List<CommandLine> all = new ArrayList<>();
        java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>(List.of(ManPages.commandLine()));
        while (!todo.isEmpty()) {
            CommandLine cl = todo.poll();
            all.add(cl);
            cl.getSubcommands().values().stream().distinct().forEach(todo::add); // an alias maps to the same one
        }
        return all;
    }

    @Test
    void every_command_help_has_examples_and_exit_codes() {
        List<CommandLine> commands = everyCommand();
        assertThat(commands).extracting(c -> c.getCommandSpec().qualifiedName()).contains("cachectl", "cachectl stats",
                "cachectl bigkeys", "cachectl ttl-audit", "cachectl invalidate", "cachectl warm", "cachectl bench",
                "cachectl doctor", "cachectl shell", "cachectl targets", "cachectl targets list", "cachectl targets show",
                "cachectl targets add", "cachectl targets remove", "cachectl targets use", "cachectl help");
        SoftAssertions soft = new SoftAssertions();
        int checked = 0;
        for (CommandLine cl : commands) {
            CommandSpec spec = cl.getCommandSpec();
            String name = spec.qualifiedName();
            if (spec.findOption("--help") == null) {
                soft.assertThat(spec.usageMessage().hidden()).as(name + " has no --help: only a hidden command may").isTrue();
                continue;
            }
            List<String> args = new ArrayList<>(List.of(name.split(" ")).subList(1, name.split(" ").length));
            args.add("--help");
            Cli.Result r = cli().run(args.toArray(String[]::new));
            checked++;
            soft.assertThat(r.exitCode()).as(name + " --help exit code\n" + r.err()).isZero();
            soft.assertThat(r.out()).as(name + " --help").contains("Usage: " + name);
            soft.assertThat(r.err()).as(name + " --help stderr").isEmpty();
            if (spec.usageMessage().hidden()) {
                continue; // generate-completion: renders, needs nothing more
            }
            String[] description = spec.usageMessage().description();
            soft.assertThat(description).as(name + " description").isNotEmpty();
            if (description.length > 0) {
                String start = description[0].split("[%$]")[0];
                soft.assertThat(r.out()).as(name + " shows its description")
                        .contains(start.substring(0, Math.min(30, start.length())));
            }
            for (CommandLine.Model.OptionSpec o : spec.options()) {
                if (!o.hidden()) {
                    String shown = o.negatable() ? "--[no-]" + o.longestName().substring(2).replaceFirst("^no-", "")
                            : o.longestName();
                    soft.assertThat(r.out()).as(name + " lists " + shown).contains(shown);
                }
            }
            if (!name.equals("cachectl help")) { // picocli's own: "help COMMAND" is its example
                soft.assertThat(r.out()).as(name + " --help").contains("Examples:", "Exit codes:");
                soft.assertThat(cli().run(new ArrayList<String>() {
                    {
                        add("help");
                        addAll(args.subList(0, args.size() - 1));
                    }
                }.toArray(String[]::new)).out()).as("cachectl help " + name.substring("cachectl".length()).strip())
                        .isEqualTo(r.out());
            }
        }
        soft.assertThat(checked).as("commands whose help was rendered").isGreaterThanOrEqualTo(16);
        soft.assertAll();
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
