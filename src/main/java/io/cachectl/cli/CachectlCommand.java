package io.cachectl.cli;

import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.error.ExitCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level command: subcommands, help with grouped commands, exit codes, error handling. */
@Command(name = "cachectl",
        mixinStandardHelpOptions = true,
        versionProvider = CachectlCommand.Version.class,
        description = "Operate Redis caches: health against the caching-layer guide's targets, big keys, TTLs,"
                + " safe invalidation, pre-warming, benchmarks.",
        synopsisSubcommandLabel = "COMMAND",
        footerHeading = "%nExamples:%n",
        footer = {
            "  export REDIS_URL=redis://:secret@cache.internal:6379",
            "  cachectl stats                       health now, judged against the targets",
            "  cachectl stats --interval 10 --check  CI gate: exit 1 when a target FAILs",
            "  cachectl stats --watch               live, one line every 2 s",
            "  cachectl doctor                      diagnosis with evidence and the next command",
            "  cachectl                             (on a terminal) the interactive shell",
            "",
            "Environment: REDIS_URL (default redis://localhost:6379), NO_COLOR.",
            "Run 'cachectl COMMAND --help' for a command's options and examples."})
public final class CachectlCommand implements Runnable {
    /** Command groups shown in --help, in order; commands not (yet) registered are skipped. */
    private static final Map<String, String[]> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("Inspect", new String[] {"stats", "bigkeys", "ttl-audit"});
        GROUPS.put("Change", new String[] {"invalidate", "warm"});
        GROUPS.put("Measure", new String[] {"bench"});
        GROUPS.put("Troubleshoot", new String[] {"doctor", "shell"});
        GROUPS.put("Configure", new String[] {"targets"});
        GROUPS.put("Help", new String[] {"help"});
    }

    /**
     * The subcommands, in help order. Registered programmatically rather than in {@code @Command}: a run
     * of one command builds only that command's model ({@link #commandLine(Console, String...)}), which
     * saves a good part of picocli's start-up (reflection over every command's options).
     */
    private static final List<Class<?>> COMMANDS = List.of(StatsCommand.class, BigkeysCommand.class,
            TtlAuditCommand.class, DoctorCommand.class, InvalidateCommand.class, WarmCommand.class, BenchCommand.class,
            ShellCommand.class, TargetsCommand.class, CompleteCommand.class, CommandLine.HelpCommand.class, GenerateCompletionCommand.class);

    @Spec
    CommandSpec spec;

    /**
     * The connection and output options before the command's name ({@code cachectl --json stats},
     * {@code cachectl -u URL bigkeys}): parsed here and handed to the command (see
     * {@link #passGlobalOptions}). Not picocli's INHERIT scope: that keeps an inherited option's value
     * in the declaring command, and every command reads its own mixins.
     */
    @picocli.CommandLine.Mixin
    ConnectionOptions connection;

    @picocli.CommandLine.Mixin(name = "output")
    OutputOptions output;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /** Builds the command line with every command wired to {@code console}. */
    public static CommandLine commandLine(Console console) {
        return commandLine(console, COMMANDS);
    }

    /**
     * The command line for running {@code args}: when they start with a command's name, only that
     * command is built (help, errors and completion for anything else get every command).
     */
    static CommandLine commandLine(Console console, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return commandLine(console, List.of());
        }
        if (args.length > 0 && !args[0].equals("help") && !args[0].equals("generate-completion")) { // these need all
            for (Class<?> cls : COMMANDS) {
                Command c = cls.getAnnotation(Command.class);
                if (c != null && c.name().equals(args[0])) {
                    return commandLine(console, List.of(cls));
                }
            }
        }
        return commandLine(console, COMMANDS);
    }

    private static CommandLine commandLine(Console console, List<Class<?>> commands) {
        Context context = new Context(console);
        Factory factory = new Factory(context);
        CommandLine cl = new CommandLine(new CachectlCommand(), factory);
        for (Class<?> cls : commands) {
            cl.addSubcommand(new CommandLine(cls, factory));
        }
        io.cachectl.input.RenamedOptions.addOldSpellings(cl);
        cl.setUsageHelpAutoWidth(true); // the terminal's width, so that examples are not cut at 80 columns
        cl.setOut(console.out());
        cl.setErr(console.err());
        cl.setParameterExceptionHandler(new Errors.ParameterHandler(console));
        cl.setExecutionExceptionHandler(new Errors.ExecutionHandler(console));
        cl.setExecutionStrategy(parseResult -> {
            passGlobalOptions(parseResult);
            Errors.applyOutputOptions(parseResult, console);
            io.cachectl.input.RenamedOptions.warn(parseResult, console::warn);
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.getCommandSpec().usageMessage().commandListHeading("");
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                help -> groupedCommands(help));
        Map<String, String> exitCodes = new LinkedHashMap<>();
        for (String line : ExitCode.HELP) {
            int colon = line.indexOf(':');
            exitCodes.put(String.format("%4s", line.substring(0, colon)), line.substring(colon + 1));
        }
        applyExitCodes(cl, exitCodes);
        // every command offers -V/--version (mixinStandardHelpOptions): all print the same lines, nested ones too
        shareVersion(cl, new Version());
        CommandLine completion = cl.getSubcommands().get("generate-completion");
        if (completion != null) {
            completion.getCommandSpec().usageMessage().hidden(true);
        }
        return cl;
    }

    /** Options given before the command apply to it (and to its own subcommand) unless it repeats them. */
    static void passGlobalOptions(CommandLine.ParseResult top) {
        for (CommandLine.Model.OptionSpec o : top.matchedOptions()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            for (CommandLine.ParseResult pr = top.subcommand(); pr != null; pr = pr.subcommand()) {
                CommandLine.Model.OptionSpec mine = pr.commandSpec().findOption(o.longestName());
                if (mine != null && !pr.hasMatchedOption(mine)) {
                    mine.setValue(o.getValue());
                }
            }
        }
    }

    /** {@code --version} works on every command that offers it (it printed nothing on subcommands). */
    private static void shareVersion(CommandLine cl, CommandLine.IVersionProvider provider) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().optionsMap().containsKey("--version")) {
                sub.getCommandSpec().versionProvider(provider);
            }
            shareVersion(sub, provider);
        }
    }

    private static void applyExitCodes(CommandLine cl, Map<String, String> exitCodes) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        cl.getSubcommands().values().forEach(sub -> {
            if (!sub.getCommandName().equals("help") && !sub.getCommandName().equals("generate-completion")) {
                applyExitCodes(sub, exitCodes);
            }
        });
    }

    /** Runs {@code args} and returns the exit code; never calls System.exit. */
    public static int run(Console console, String... args) {
        if (args.length == 0 && console.interactive() && console.terminals().out()) {
            args = new String[] {"shell"}; // no arguments on a terminal: the interactive shell
        }
        if (args.length > 2 && args[0].equals("help")) {
            // picocli's help command takes one name: "help targets list" showed the help of targets
            args = java.util.stream.Stream.concat(java.util.Arrays.stream(args, 1, args.length), java.util.stream.Stream.of("--help"))
                    .toArray(String[]::new);
        }
        try {
            return commandLine(console, args).execute(args);
        } catch (CachectlException e) {
            console.error(e.getMessage());
            return e.exitCode();
        }
    }

    private static String groupedCommands(CommandLine.Help help) {
        Map<String, CommandLine.Help> subs = help.subcommands();
        if (subs.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String[]> group : GROUPS.entrySet()) {
            StringBuilder lines = new StringBuilder();
            for (String name : group.getValue()) {
                CommandLine.Help sub = subs.get(name);
                if (sub != null) {
                    String[] desc = sub.commandSpec().usageMessage().description();
                    String text = name.equals("help") ? "Show help for a command (same as COMMAND --help)."
                            : desc.length > 0 ? desc[0] : "";
                    io.cachectl.output.Fit.wrap(String.format("  %-12s %s", name, text),
                            help.commandSpec().usageMessage().width()).forEach(l -> lines.append(l).append('\n'));
                }
            }
            if (lines.length() > 0) {
                sb.append(String.format("%n%s:%n", group.getKey())).append(lines);
            }
        }
        return sb.toString();
    }

    /**
     * Version (jar manifest), git commit (build.properties, written by scripts/build-info) and the Java runtime
     * that runs cachectl: a support question's first three answers. "dev" when run from classes.
     */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CachectlCommand.class.getPackage().getImplementationVersion();
            String commit = "unknown";
            try (java.io.InputStream in = CachectlCommand.class.getResourceAsStream("/io/cachectl/build.properties")) {
                if (in != null) {
                    java.util.Properties p = new java.util.Properties();
                    p.load(in);
                    commit = p.getProperty("commit", commit);
                }
            } catch (java.io.IOException e) {
                // keep "unknown": the version line matters more than the commit
            }
            return new String[] {"cachectl " + (v == null ? "dev" : v) + " (commit " + commit + ")",
                "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name")
                        + ", " + System.getProperty("java.vendor") + ") in " + System.getProperty("java.home")};
        }
    }

    /** Injects the {@link Context} into commands that take it in their constructor. */
    private record Factory(Context context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(Context.class).newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
