package io.cachectl.input;

import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Options renamed so that one option name means one thing in every command (issue 13). The old spelling
 * keeps working for one release: a hidden option bound to the new one's field (so it is in no help,
 * man page or completion), and a one-line warning on stderr when it is used. Remove an entry, and the
 * old spelling with it, in the release after the one that deprecated it. In input/, with the other
 * readers of user input: the CLI and the shell (its own watch command) both apply it.
 */
public final class RenamedOptions {
    /** {@code old} in the command named {@code command} is now {@code now} (same field, same values). */
    public record Rename(String command, String old, String now) {
    }

    public static final List<Rename> ALL = List.of(
            // -n is redis-benchmark's number of requests, which bench keeps; invalidate spells out --dry-run
            new Rename("invalidate", "-n", "--dry-run"),
            // --count is SCAN COUNT in every scanning command (as in redis-cli); stats and the shell's
            // watch count samples: --repeat, as redis-cli's -r <repeat> with -i <interval>
            new Rename("stats", "--count", "--repeat"),
            new Rename("watch", "--count", "--repeat"),
            // --rate is the scan throttle in keys/s; bench's open-loop rate is requests/s, as its report's throughput_rps
            new Rename("bench", "--rate", "--rps"));

    private RenamedOptions() {
    }

    /** Adds the old spellings, hidden, to the commands below {@code top} that have renamed options. */
    public static void addOldSpellings(CommandLine top) {
        for (CommandLine sub : top.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            for (Rename r : ALL) {
                OptionSpec now = spec.findOption(r.now());
                if (r.command().equals(spec.name()) && now != null && spec.findOption(r.old()) == null) {
                    spec.addOption(OptionSpec.builder(now).names(r.old()).hidden(true).build());
                }
            }
            addOldSpellings(sub);
        }
    }

    /**
     * One {@code warning} per old spelling used (the console's, on stderr: stdout and so --json stay
     * clean); old and new spelling together is a usage error rather than a silent choice of one.
     */
    public static void warn(ParseResult parseResult, Consumer<String> warning) {
        for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
            String command = pr.commandSpec().name();
            for (Rename r : ALL) {
                if (r.command().equals(command) && pr.hasMatchedOption(r.old())) {
                    if (pr.hasMatchedOption(r.now())) {
                        throw new CommandLine.ParameterException(pr.commandSpec().commandLine(),
                                r.old() + " is the old spelling of " + r.now() + ": give " + r.now() + " once");
                    }
                    warning.accept(r.old() + " in " + command + " is deprecated, use " + r.now());
                }
            }
        }
    }
}
