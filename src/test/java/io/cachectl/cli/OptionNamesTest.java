package io.cachectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.docs.ManPages;
import io.cachectl.input.RenamedOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Issue 13: one option name, one meaning, in every command; renamed options keep their old spelling, hidden. */
class OptionNamesTest {
    /**
     * Names that still take two kinds of value: warm's --format is the input's format, stats' the output's.
     * Renaming warm's needs warm's parser messages changed with it (they say "pass --format csv").
     */
    private static final Set<String> KNOWN = Set.of("--format");

    private static List<CommandSpec> commands() {
        List<CommandSpec> all = new ArrayList<>();
        for (CommandLine cl : ManPages.commands(ManPages.commandLine())) {
            all.add(cl.getCommandSpec());
        }
        return all;
    }

    /** How an option takes its value: a flag, or the label of its value (N, DURATION, RPS, …). */
    private static String kind(OptionSpec o) {
        return o.arity().max() == 0 ? "flag" : o.paramLabel();
    }

    @Test
    void a_name_used_by_several_commands_takes_the_same_kind_of_value_in_each() {
        Map<String, Set<String>> kinds = new TreeMap<>();
        Map<String, Set<String>> where = new TreeMap<>();
        for (CommandSpec spec : commands()) {
            for (OptionSpec o : spec.options()) {
                if (o.hidden()) {
                    continue;
                }
                for (String name : o.names()) {
                    kinds.computeIfAbsent(name, n -> new TreeSet<>()).add(kind(o));
                    where.computeIfAbsent(name, n -> new TreeSet<>()).add(spec.qualifiedName() + "=" + kind(o));
                }
            }
        }
        List<String> clashes = new ArrayList<>();
        kinds.forEach((name, k) -> {
            if (k.size() > 1 && !KNOWN.contains(name)) {
                clashes.add(name + " " + where.get(name));
            }
        });
        assertThat(clashes).as("option names with more than one kind of value").isEmpty();
        assertThat(where.get("-n")).containsExactly("cachectl bench=N");
        assertThat(where.get("--count")).allMatch(w -> w.endsWith("=N"))
                .noneMatch(w -> w.startsWith("cachectl stats"));
        assertThat(where.get("--rate")).allMatch(w -> w.endsWith("=KEYS_PER_SEC"));
    }

    @Test
    void every_renamed_option_keeps_its_old_spelling_hidden_and_bound_to_the_new_one() {
        Map<String, CommandSpec> byName = new TreeMap<>();
        commands().forEach(c -> byName.put(c.name(), c));
        for (RenamedOptions.Rename r : RenamedOptions.ALL) {
            if (r.command().equals("watch")) {
                continue; // the shell's own command: ShellTest runs it
            }
            CommandSpec spec = byName.get(r.command());
            assertThat(spec).as(r.command()).isNotNull();
            OptionSpec old = spec.findOption(r.old());
            OptionSpec now = spec.findOption(r.now());
            assertThat(now.hidden()).as(r.now()).isFalse();
            assertThat(old.hidden()).as(r.old()).isTrue();
            assertThat(old.names()).containsExactly(r.old());
            assertThat(now.names()).doesNotContain(r.old());
            assertThat(old.type()).isEqualTo(now.type());
            assertThat(old.arity()).isEqualTo(now.arity());
        }
    }
}
