package io.cachectl.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.error.ExitCode;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** The man pages (AsciiDoc, before the release build renders them) against the command model. */
class ManPagesTest {
    private final Map<String, String> pages = ManPages.generate("test");

    @Test
    void every_command_has_a_page_and_the_main_page_lists_it() {
        CommandLine top = ManPages.commandLine();
        List<String> expected = ManPages.commands(top).stream().map(c -> ManPages.pageName(c.getCommandSpec())).toList();
        assertThat(pages.keySet()).containsExactlyElementsOf(expected);
        assertThat(expected).contains("cachectl", "cachectl-stats", "cachectl-bigkeys", "cachectl-ttl-audit",
                "cachectl-invalidate", "cachectl-warm", "cachectl-bench", "cachectl-shell", "cachectl-doctor");
        for (Map.Entry<String, CommandLine> sub : top.getSubcommands().entrySet()) {
            String name = sub.getKey();
            if (!name.equals("generate-completion") && !sub.getValue().getCommandSpec().usageMessage().hidden()) {
                assertThat(pages.get("cachectl")).as("command list of cachectl.1").contains("*" + name + "*");
            }
        }
    }

    @Test
    void every_option_and_parameter_is_on_its_commands_page() {
        SoftAssertions soft = new SoftAssertions();
        for (CommandLine cl : ManPages.commands(ManPages.commandLine())) {
            CommandSpec spec = cl.getCommandSpec();
            String page = pages.get(ManPages.pageName(spec));
            for (OptionSpec option : spec.options()) {
                if (option.hidden()) {
                    continue;
                }
                for (String name : option.names()) {
                    String shown = option.negatable() && name.startsWith("--")
                            ? "*--[no-]" + name.substring(2).replaceFirst("^no-", "") + "*" : "*" + name + "*";
                    soft.assertThat(page).as("%s: option %s", ManPages.pageName(spec), name).contains(shown);
                }
                String description = String.join(" ", option.description()).strip();
                if (!description.isEmpty()) {
                    String start = description.split("[%$]")[0];
                    soft.assertThat(page).as("%s: description of %s", ManPages.pageName(spec), option.longestName())
                            .contains(start.substring(0, Math.min(30, start.length())));
                }
            }
            for (PositionalParamSpec param : spec.positionalParameters()) {
                if (!param.hidden()) {
                    soft.assertThat(page).as("%s: parameter %s", ManPages.pageName(spec), param.paramLabel())
                            .contains(param.paramLabel());
                }
            }
        }
        soft.assertAll();
    }

    @Test
    void every_page_has_examples_exit_status_and_environment() {
        SoftAssertions soft = new SoftAssertions();
        pages.forEach((name, page) -> {
            soft.assertThat(page).as(name).contains(":mansource: cachectl test", "= " + name + "(1)", "== Name",
                    "== Synopsis", "== Examples", "== Exit status", "== Environment", "*REDIS_URL*::",
                    "*NO_COLOR*::", "== See also").doesNotContain("xref:", "==  ");
            for (int code : new int[] {ExitCode.OK, ExitCode.CHECK_FAILED, ExitCode.USAGE, ExitCode.UNAVAILABLE,
                ExitCode.PARTIAL, ExitCode.INTERRUPTED}) {
                soft.assertThat(page).as("%s: exit code %d", name, code).contains("*" + code + "*::");
            }
        });
        soft.assertThat(pages.get("cachectl-shell")).contains("*CACHECTL_HISTORY*::");
        soft.assertThat(pages.get("cachectl-warm")).contains("*TMPDIR*::");
        soft.assertAll();
    }
}
