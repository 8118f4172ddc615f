package io.cachectl.shell;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.builtins.Completers;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Completion from the same picocli model the commands run with: command names, options, option
 * values in both {@code --opt value} and {@code --opt=value} forms (enums and declared candidates,
 * durations, files, URLs), positional values, and key names or namespace patterns from
 * {@link KeyNames} for key/pattern parameters and raw Redis commands.
 */
final class ShellCompleter implements Completer {
    static final List<String> DURATIONS = List.of("1s", "2s", "5s", "10s", "30s", "1m", "5m", "15m", "1h");
    private static final int KEY_LIMIT = 200;

    private final Supplier<CommandSpec> root;
    private final KeyNames keys;
    private final Supplier<String> url;
    private final Supplier<Map<String, String>> redisCommands;
    private final Supplier<java.util.Collection<String>> targetNames;
    private final Completers.FileNameCompleter files = new Completers.FileNameCompleter();

    /** {@code url}: the current target without its password, offered for URL values. */
    ShellCompleter(Supplier<CommandSpec> root, KeyNames keys, Supplier<String> url) {
        this(root, keys, url, RedisCommandNames::fallback, List::of);
    }

    /**
     * {@code redisCommands}: the server's commands and summaries (COMMAND DOCS, or the built-in list);
     * {@code targetNames}: the config file's named targets.
     */
    ShellCompleter(Supplier<CommandSpec> root, KeyNames keys, Supplier<String> url,
            Supplier<Map<String, String>> redisCommands, Supplier<java.util.Collection<String>> targetNames) {
        this.root = root;
        this.keys = keys;
        this.url = url;
        this.redisCommands = redisCommands;
        this.targetNames = targetNames;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
        List<String> words = line.words();
        int idx = line.wordIndex();
        String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        Map<String, CommandLine> subs = root.get().subcommands();
        if (idx == 0) {
            subs.forEach((name, cl) -> {
                if (!cl.getCommandSpec().usageMessage().hidden()) {
                    out.add(new Candidate(name, name, "cachectl", describe(cl.getCommandSpec()), null, null, true));
                }
            });
            redisCommands.get().forEach((c, summary) -> out.add(new Candidate(c, c, "redis", summary, null, null, true)));
            return;
        }
        String first = words.get(0);
        if (first.equals("help")) {
            subs.keySet().forEach(n -> out.add(new Candidate(n)));
            return;
        }
        CommandLine sub = subs.get(first);
        if (sub == null) {
            if (first.equals(">") && idx == 1) {
                redisCommands.get().forEach((c, summary) -> out.add(new Candidate(c, c, "redis", summary, null, null,
                        true)));
            } else {
                keyCandidates(word, "", out, false);
            }
            return;
        }
        CommandSpec spec = sub.getCommandSpec();
        if (word.startsWith("-")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                OptionSpec o = spec.findOption(word.substring(0, eq));
                if (o != null) {
                    values(o, word.substring(eq + 1), word.substring(0, eq + 1), reader, line, out, false);
                }
            } else {
                options(spec, out);
            }
            return;
        }
        OptionSpec prev = spec.findOption(words.get(idx - 1));
        if (prev != null && takesValue(prev)) {
            values(prev, word, "", reader, line, out, true);
            if (prev.arity().min() == 0) {
                options(spec, out);
            }
            return;
        }
        int position = positionalIndex(spec, words, idx);
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.index().contains(position)) {
                values(p, word, "", reader, line, out, true);
                return;
            }
        }
    }

    private void options(CommandSpec spec, List<Candidate> out) {
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            String descr = o.description().length > 0 ? o.description()[0] : null;
            for (String name : o.names()) {
                out.add(new Candidate(name, name, "options", descr, null, null, true));
                if (o.negatable() && name.startsWith("--")) {
                    String neg = "--no-" + name.substring(2);
                    out.add(new Candidate(neg, neg, "options", descr, null, null, true));
                }
            }
        }
    }

    private void values(ArgSpec arg, String word, String prefix, LineReader reader, ParsedLine line,
            List<Candidate> out, boolean filesAllowed) {
        Iterable<String> declared = arg.completionCandidates();
        if (arg instanceof OptionSpec o && o.longestName().equals("--target")) {
            targetNames.get().forEach(v -> out.add(new Candidate(prefix + v, v, "targets", null, null, null, true)));
            return;
        }
        if (declared != null) {
            declared.forEach(v -> out.add(new Candidate(prefix + v, v, null, null, null, null, true)));
            return;
        }
        Class<?> type = arg.type();
        String label = arg.paramLabel().toUpperCase(Locale.ROOT);
        if (type == Duration.class) {
            DURATIONS.forEach(v -> out.add(new Candidate(prefix + v, v, "durations", null, null, null, true)));
        } else if (label.contains("URL")) {
            for (String u : List.of(url.get(), "redis://127.0.0.1:6379", "rediss://")) {
                if (u != null) {
                    out.add(new Candidate(prefix + u, u, "urls", null, null, null, !u.endsWith("//")));
                }
            }
        } else if (label.contains("PATTERN") || label.contains("KEY") || label.contains("PREFIX")
                || label.contains("GLOB")) {
            keyCandidates(word, prefix, out, true);
        } else if ((type == Path.class || type == java.io.File.class || label.contains("FILE")) && filesAllowed) {
            files.complete(reader, line, out);
        } else if (arg.defaultValue() != null && !arg.defaultValue().isEmpty()) {
            out.add(new Candidate(prefix + arg.defaultValue(), arg.defaultValue(), null, "default", null, null, true));
        }
    }

    private void keyCandidates(String word, String prefix, List<Candidate> out, boolean patterns) {
        if (patterns) {
            keys.patterns(word).forEach(p -> out.add(new Candidate(prefix + p, p, "patterns", null, null, null, true)));
        }
        keys.matching(word, KEY_LIMIT).forEach(k -> out.add(new Candidate(prefix + k, k, "keys", null, null, null,
                true)));
    }

    private static boolean takesValue(OptionSpec o) {
        return o.arity().max() > 0 && o.type() != boolean.class && o.type() != Boolean.class;
    }

    /** Index of the positional parameter being typed at word {@code idx} (options and their values skipped). */
    private static int positionalIndex(CommandSpec spec, List<String> words, int idx) {
        int position = 0;
        for (int i = 1; i < idx; i++) {
            String w = words.get(i);
            if (w.startsWith("-")) {
                OptionSpec o = spec.findOption(w.contains("=") ? w.substring(0, w.indexOf('=')) : w);
                if (o != null && takesValue(o) && !w.contains("=") && o.arity().min() > 0) {
                    i++;
                }
            } else {
                position++;
            }
        }
        return position;
    }

    /** The first sentence of a command's description, without picocli's %n line breaks. */
    static String describe(CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        if (d.length == 0) {
            return null;
        }
        String first = d[0];
        while (first.startsWith("%n")) {
            first = first.substring(2);
        }
        int nl = first.indexOf("%n");
        first = (nl >= 0 ? first.substring(0, nl) : first).trim();
        return first.isEmpty() ? null : first;
    }
}
