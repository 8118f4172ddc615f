package io.cachectl.cli;

import io.cachectl.config.Config;
import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.Connector;
import io.cachectl.connect.Target;
import io.cachectl.output.Console;
import io.cachectl.error.ExitCode;
import io.cachectl.shell.KeyNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Parameters;

/**
 * The hidden {@code __complete} command behind bash and zsh completion: given the words of the line
 * (the last one being typed), prints the candidates one per line, from the same command model the
 * commands run with, plus what only a live look can tell: key names and patterns (a SCAN MATCH of at
 * most {@value #KEY_BUDGET} keys that gives up after {@value #KEY_MILLIS} ms, never KEYS), target
 * names from the config file. A first line {@code __files__} asks the shell for file names.
 */
@Command(name = "__complete", hidden = true, description = "Completion candidates for the words of a line (used by the completion scripts).")
public final class CompleteCommand implements Callable<Integer> {
    static final int KEY_BUDGET = 500;
    static final int KEY_MILLIS = 700;
    static final String FILES = "__files__";

    private final Context context;

    @Parameters(arity = "0..*", paramLabel = "WORD")
    List<String> words = new ArrayList<>();

    public CompleteCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Console console = context.console();
        List<String> w = new ArrayList<>(words);
        if (w.isEmpty()) {
            w.add("");
        }
        try {
            candidates(w).forEach(console::println);
        } catch (RuntimeException e) {
            // completion never prints an error into the user's line (stderr goes nowhere; -v traces)
            console.trace(e);
        }
        return ExitCode.OK;
    }

    Set<String> candidates(List<String> w) {
        Set<String> out = new LinkedHashSet<>();
        CommandLine root = CachectlCommand.commandLine(context.console());
        CommandLine cmd = root;
        String url = null;
        String target = null;
        int positional = 0;
        String cur = w.get(w.size() - 1);
        OptionSpec pending = null;
        for (int i = 0; i < w.size() - 1; i++) {
            String word = w.get(i);
            if (pending != null) {
                if (pending.longestName().equals("--url")) {
                    url = word;
                } else if (pending.longestName().equals("--target")) {
                    target = word;
                }
                pending = null;
                continue;
            }
            if (word.startsWith("-") && !word.equals("-")) {
                String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                OptionSpec o = find(cmd.getCommandSpec(), name);
                if (o != null && takesValue(o)) {
                    if (word.contains("=")) {
                        String v = word.substring(word.indexOf('=') + 1);
                        url = o.longestName().equals("--url") ? v : url;
                        target = o.longestName().equals("--target") ? v : target;
                    } else if (o.arity().min() > 0) {
                        pending = o;
                    }
                }
                continue;
            }
            CommandLine sub = positional == 0 ? cmd.getSubcommands().get(word) : null;
            if (sub != null) {
                cmd = sub;
            } else {
                positional++;
            }
        }
        CommandSpec spec = cmd.getCommandSpec();
        Lookup live = new Lookup(url, target);
        if (pending != null) {
            values(pending, cur, "", live, out);
        } else if (cur.startsWith("-") && cur.contains("=")) {
            OptionSpec o = find(spec, cur.substring(0, cur.indexOf('=')));
            if (o != null) {
                values(o, cur.substring(cur.indexOf('=') + 1), cur.substring(0, cur.indexOf('=') + 1), live, out);
            }
        } else if (cur.startsWith("-")) {
            for (OptionSpec o : spec.options()) {
                if (!o.hidden()) {
                    for (String n : o.names()) {
                        add(out, n, cur);
                        if (o.negatable() && n.startsWith("--")) {
                            add(out, "--no-" + n.substring(2), cur);
                        }
                    }
                }
            }
        } else {
            if (positional == 0) {
                cmd.getSubcommands().forEach((name, sub) -> {
                    if (!sub.getCommandSpec().usageMessage().hidden()) {
                        add(out, name, cur);
                    }
                });
            }
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (p.index().contains(positional)) {
                    values(p, cur, "", live, out);
                    break;
                }
            }
        }
        return out;
    }

    /** Values of one option or positional parameter that start with {@code cur}. */
    private void values(ArgSpec arg, String cur, String prefix, Lookup live, Set<String> out) {
        String label = arg.paramLabel().toUpperCase(Locale.ROOT);
        String name = arg instanceof OptionSpec o ? o.longestName() : "";
        if (arg.completionCandidates() != null) {
            arg.completionCandidates().forEach(v -> add(out, prefix + v, prefix + cur));
        } else if (arg.type().isEnum()) {
            for (Object e : arg.type().getEnumConstants()) {
                add(out, prefix + e.toString().toLowerCase(Locale.ROOT), prefix + cur);
            }
        } else if (name.equals("--target") || label.equals("NAME") && isTargetsCommand(arg)) {
            live.targetNames().forEach(n -> add(out, prefix + n, prefix + cur));
        } else if (label.contains("PATTERN") || label.contains("KEY") || label.contains("GLOB")) {
            live.keys(cur).forEach(k -> add(out, prefix + k, prefix + cur));
        } else if (arg.type() == Path.class || arg.type() == java.io.File.class || label.contains("FILE")) {
            if (out.isEmpty()) {
                out.add(FILES);
            }
        }
    }

    private static boolean isTargetsCommand(ArgSpec arg) {
        CommandSpec c = arg.command();
        return c != null && c.parent() != null && c.parent().name().equals("targets");
    }

    private static void add(Set<String> out, String candidate, String cur) {
        if (candidate.startsWith(cur)) {
            out.add(candidate);
        }
    }

    private static OptionSpec find(CommandSpec spec, String name) {
        OptionSpec o = spec.findOption(name);
        if (o == null && name.startsWith("--no-")) {
            o = spec.findOption("--" + name.substring(5));
        }
        return o;
    }

    private static boolean takesValue(OptionSpec o) {
        return o.arity().max() > 0 && o.type() != boolean.class && o.type() != Boolean.class;
    }

    /** What the live server and the config file know, looked up only when a candidate needs it. */
    private final class Lookup {
        private final String url;
        private final String target;

        Lookup(String url, String target) {
            this.url = url;
            this.target = target;
        }

        List<String> targetNames() {
            return new ArrayList<>(Config.load(context.console().env()).targets().keySet());
        }

        /**
         * Namespace patterns and key names starting with {@code prefix}; nothing when the server cannot
         * be reached quickly (no password prompt: --askpass is never used here).
         */
        List<String> keys(String prefix) {
            long deadline = System.nanoTime() + KEY_MILLIS * 1_000_000L;
            ConnectionOptions o = new ConnectionOptions();
            o.url = url;
            o.target = target;
            o.connectTimeout = java.time.Duration.ofMillis(500);
            o.timeout = java.time.Duration.ofMillis(500);
            List<String> out = new ArrayList<>();
            try (KeyNames names = new KeyNames(KEY_BUDGET)) {
                ConnectionSettings settings = o.settings(context.console().env());
                try (Target t = Connector.open(settings)) {
                    names.sample(t, prefix, KEY_BUDGET, deadline);
                } catch (RuntimeException e) {
                    // unreachable, refused or slow: complete nothing rather than hang
                    context.console().trace(e);
                }
                out.addAll(names.patterns(prefix));
                out.addAll(names.matching(prefix, KEY_BUDGET).stream().sorted().toList());
            }
            return out;
        }
    }
}
