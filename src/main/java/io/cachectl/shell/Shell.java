package io.cachectl.shell;

import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.Connector;
import io.cachectl.connect.Node;
import io.cachectl.connect.RedisUrl;
import io.cachectl.connect.Target;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.error.ExitCode;
import io.cachectl.stats.StatsService;
import io.cachectl.slo.Verdicts;
import io.cachectl.slo.Thresholds;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.widget.AutosuggestionWidgets;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The interactive shell. Every cachectl command runs inside it through the same picocli model and
 * factory as on the command line (the shell only supplies its target as the default of the
 * connection options), next to shell-only commands (connect, info, watch, exit) and raw Redis
 * commands with guard rails. Errors print and the shell goes on; Ctrl-C cancels the running command
 * (or the line being typed); Ctrl-D or {@code exit} leaves.
 *
 * <p>Without a terminal on stdin (piped input) it reads commands line by line, prints no prompt and
 * no escape codes, refuses dangerous commands, and exits with the code of the last failed command.
 */
public final class Shell implements AutoCloseable {
    /** How the shell starts: the URL as typed (it may hold a password: never printed), settings, history file. */
    public record Start(Host host, String urlText, ConnectionSettings settings, Path historyFile, String name) {
        public Start(Host host, String urlText, ConnectionSettings settings, Path historyFile) {
            this(host, urlText, settings, historyFile, null);
        }
    }

    /**
     * What the shell needs from the program it runs in: its command line (every CLI command runs inside
     * the shell) and the process's stop request, which every loop polls. Given by the CLI's {@code shell}
     * command, so that the shell never imports the CLI and the two packages form no cycle.
     */
    public interface Host {
        CommandLine commandLine(Console console);

        /** Asks the running command to stop, as Ctrl-C does on the command line. */
        void requestStop();

        /** Clears the stop request before and after each command. */
        void clearStop();

        /** The settings of the config file's target {@code name} ({@code connect NAME}). */
        ConnectionSettings namedTarget(String name, Console console);

        /** {@code target}, or its new primary once its sentinels name another one (then said on stderr). */
        Target followFailover(Target target, Console console);
    }

    private static final long CHECK_EVERY_NANOS = 10_000_000_000L;
    static final List<String> SHELL_ONLY = List.of("connect", "info", "watch", "exit", "quit");

    private final Console outer;
    private final Terminal terminal;
    private final Console console;
    private final Path historyFile;
    private final Host host;
    final KeyNames keys = new KeyNames(KeyNames.DEFAULT_CAPACITY);
    private String urlText;
    private String name;
    private ConnectionSettings settings;
    private Target target;
    private RawCommands raw;
    private CommandSpec model;
    private final Object cancelLock = new Object();
    private volatile Thread running;
    private volatile boolean failing;
    private Map<Node, StatsService.NodeSample> lastCheck;
    private long lastCheckNanos;
    private boolean stop;
    private int lastFailure;
    private boolean backgroundKeys = true;
    private volatile Map<String, String> redisCommands = RedisCommandNames.fallback();

    private Shell(Console outer, Terminal terminal, Start start) {
        this.outer = outer;
        this.terminal = terminal;
        this.urlText = start.urlText();
        this.name = start.name();
        this.settings = start.settings();
        this.historyFile = start.historyFile();
        this.host = start.host();
        this.console = terminal == null ? outer
                : new Console(terminal.writer(), terminal.writer(), new OneCharReader(terminal.reader()),
                        outer.terminals(), outer.env());
        if (terminal != null) {
            terminal.handle(Terminal.Signal.INT, sig -> cancel());
        }
    }

    /** Opens the shell on the process' terminal (or in piped mode) and runs it until exit. */
    public static int run(Console outer, Start start) {
        if (!outer.interactive() || !outer.terminals().out()) {
            try (Shell shell = new Shell(outer, null, start)) {
                return shell.loop();
            }
        }
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder().system(true).nativeSignals(true)
                    .signalHandler(Terminal.SignalHandler.SIG_IGN).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal", e);
        }
        try (Shell shell = new Shell(outer, terminal, start)) {
            return shell.loop();
        }
    }

    /** A shell on a given terminal (tests use a dumb terminal built on streams). */
    public static Shell on(Console outer, Terminal terminal, Start start) {
        return new Shell(outer, terminal, start);
    }

    /** Tests: no background SCAN for key names. */
    public Shell withoutBackgroundKeys() {
        backgroundKeys = false;
        return this;
    }

    /** Connects, then reads and runs lines until Ctrl-D / exit / end of input. */
    public int loop() {
        connect(urlText, settings, true, name);
        LineReader reader = terminal == null ? null : lineReader();
        if (reader != null) {
            console.note("Type help for commands, Tab to complete, a Redis command to send it; exit or Ctrl-D to leave.");
        }
        while (!stop) {
            String line;
            if (reader == null) {
                line = console.readLine();
                if (line == null) {
                    break;
                }
            } else {
                try {
                    line = reader.readLine(prompt());
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C on the prompt clears the line
                } catch (EndOfFileException e) {
                    break;
                }
            }
            execute(line);
        }
        if (reader != null) {
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                console.warn("could not save the history to " + historyFile + ": " + e.getMessage());
            }
        }
        return terminal == null ? lastFailure : ExitCode.OK;
    }

    private LineReader lineReader() {
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedQuote(true);
        LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).appName("cachectl").parser(parser)
                .completer(new ShellCompleter(this::model, keys, this::publicUrl, () -> redisCommands,
                        this::targetNames))
                .history(new HistoryFilter.Filtered())
                .variable(LineReader.HISTORY_SIZE, 1000)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
                .option(LineReader.Option.AUTO_FRESH_LINE, true);
        if (historyFile != null) {
            b.variable(LineReader.HISTORY_FILE, historyFile);
        }
        LineReader reader = b.build();
        if (!Terminal.TYPE_DUMB.equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            new AutosuggestionWidgets(reader).enable(); // grey hint from history while typing
        }
        return reader;
    }

    /** Runs one line; returns its exit code. Never throws: errors are printed and the shell goes on. */
    public int execute(String line) {
        String trimmed = line.trim();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return ExitCode.OK;
        }
        synchronized (cancelLock) {
            host.clearStop();
            running = Thread.currentThread();
        }
        int code;
        try {
            followFailover();
            code = dispatch(trimmed);
        } catch (CachectlException e) {
            console.error(e.getMessage());
            code = e.exitCode();
        } catch (RuntimeException e) {
            console.error(RedisUrl.mask(String.valueOf(e.getMessage())));
            console.trace(e);
            code = ExitCode.PARTIAL;
        } finally {
            synchronized (cancelLock) { // a Ctrl-C that arrives late must not cancel the next command
                running = null;
                host.clearStop();
            }
            Thread.interrupted();
        }
        if (code != ExitCode.OK) {
            lastFailure = code;
        }
        if (!stop) {
            checkStatus(false);
        }
        return code;
    }

    private int dispatch(String line) {
        List<String> words;
        try {
            words = Words.split(line);
        } catch (IllegalArgumentException e) {
            throw CachectlException.usage(e.getMessage());
        }
        String first = words.get(0);
        if (first.startsWith(">")) {
            List<String> rest = first.length() > 1
                    ? java.util.stream.Stream.concat(java.util.stream.Stream.of(first.substring(1)),
                            words.stream().skip(1)).toList()
                    : words.subList(1, words.size());
            return rest.isEmpty() ? ExitCode.OK : raw(rest);
        }
        switch (first) {
            case "exit", "quit" -> {
                stop = true;
                return ExitCode.OK;
            }
            case "help", "?" -> {
                if (words.size() == 1) {
                    help();
                    return ExitCode.OK;
                }
                List<String> path = new java.util.ArrayList<>(words.subList(1, words.size())); // help targets list
                path.add("--help");
                return picocli(path);
            }
            case "clear", "cls" -> {
                if (terminal != null) {
                    terminal.puts(org.jline.utils.InfoCmp.Capability.clear_screen);
                    terminal.flush();
                }
                return ExitCode.OK;
            }
            default -> {
                if (model().subcommands().containsKey(first)) {
                    return picocli(words);
                }
                String upper = first.toUpperCase(Locale.ROOT);
                if (!redisCommands.containsKey(upper) && !RedisCommandNames.fallback().containsKey(upper)) {
                    List<String> close = io.cachectl.input.Suggest.closest(first, model().subcommands().keySet().stream()
                            .filter(n -> !model().subcommands().get(n).getCommandSpec().usageMessage().hidden()).toList(), 3);
                    if (!close.isEmpty()) {
                        console.error("unknown command '" + first + "': did you mean " + String.join(" or ", close)
                                + "? (to send it to Redis as it is: > " + line + ")");
                        return ExitCode.USAGE;
                    }
                }
                return raw(words);
            }
        }
    }

    /** A command of the picocli model: the same classes, options, output and exit codes as the CLI. */
    private int picocli(List<String> words) {
        CommandLine cl = commandLine();
        if (!cl.getSubcommands().containsKey(words.get(0))) {
            return raw(words);
        }
        return cl.execute(words.toArray(String[]::new));
    }

    /** The CLI's command line, minus shell and generate-completion, plus the shell-only commands. */
    CommandLine commandLine() {
        CommandLine cl = host.commandLine(console);
        cl.getCommandSpec().removeSubcommand("shell");
        cl.getCommandSpec().removeSubcommand("generate-completion");
        cl.getCommandSpec().removeSubcommand("__complete");
        cl.addSubcommand(new ShellCommands.Connect(this));
        cl.addSubcommand(new ShellCommands.InfoCmd(this));
        cl.addSubcommand(new ShellCommands.Watch(this));
        cl.addSubcommand(new ShellCommands.Exit(this));
        io.cachectl.input.RenamedOptions.addOldSpellings(cl);
        cl.setOut(console.out()); // again: subcommands added after the first setOut printed their help to System.out
        cl.setErr(console.err());
        cl.setDefaultValueProvider(this::defaultValue);
        return cl;
    }

    private synchronized CommandSpec model() {
        if (model == null) {
            model = commandLine().getCommandSpec();
        }
        return model;
    }

    /** The shell's target is the default of every command's connection options. */
    private String defaultValue(CommandLine.Model.ArgSpec arg) {
        if (!(arg instanceof OptionSpec o)) {
            return null;
        }
        return switch (o.longestName()) {
            case "--url" -> urlText;
            case "--tls-ca-cert" -> settings.caCert() == null ? null : settings.caCert().toString();
            case "--insecure" -> settings.insecure() ? "true" : null;
            case "--connect-timeout" -> settings.connectTimeoutMs() == 5000 ? null : settings.connectTimeoutMs() + "ms";
            case "--timeout" -> settings.timeoutMs() == 5000 ? null : settings.timeoutMs() + "ms";
            case "--cluster" -> switch (settings.clusterMode()) {
                case AUTO -> null;
                case CLUSTER -> "true";
                case STANDALONE -> "false";
            };
            default -> null;
        };
    }

    private int raw(List<String> words) {
        Optional<DangerousCommands.Entry> danger = DangerousCommands.find(words);
        if (danger.isPresent()) {
            DangerousCommands.Entry d = danger.get();
            if (d.refuse()) {
                console.error(d.name() + " is not run by the shell: " + d.reason());
                return ExitCode.USAGE;
            }
            if (!console.interactive()) {
                console.error(d.name() + " refused without a terminal to confirm it: " + d.reason());
                return ExitCode.USAGE;
            }
            if (!console.confirm(console.errStyle().yellow(d.reason()) + ". Run " + d.name() + " anyway?")) {
                console.note(d.name() + " not run");
                return ExitCode.OK;
            }
        }
        requireTarget();
        raw.run(words).forEach(console::println);
        return ExitCode.OK;
    }

    private void help() {
        console.println(console.style().bold("Commands") + " (run 'help COMMAND' or 'COMMAND --help' for options):");
        model().subcommands().forEach((name, cl) -> {
            String d = ShellCompleter.describe(cl.getCommandSpec());
            if (!name.equals("quit") && !cl.getCommandSpec().usageMessage().hidden()) {
                console.println(String.format("  %-12s %s", name, d == null ? "" : d));
            }
        });
        console.println(String.format("  %-12s %s", "clear", "Clear the screen."));
        console.println("");
        console.println("Anything else is sent to Redis as a raw command (GET user:1, or > GET user:1);"
                + " dangerous ones (" + String.join(", ", DangerousCommands.TABLE.stream().limit(5)
                        .map(DangerousCommands.Entry::name).toList()) + ", …) ask first and say why.");
        console.println("Tab completes commands, options, values and key names; Ctrl-C cancels a running"
                + " command; exit or Ctrl-D leaves.");
    }

    // ---- target ----------------------------------------------------------------------------

    /** Opens {@code text}; on failure keeps the current target (the first time: stays disconnected). */
    boolean connect(String text, ConnectionSettings newSettings, boolean initial) {
        return connect(text, newSettings, initial, null);
    }

    /** The same, for a named target of the config file ({@code targetName} shown in the prompt). */
    boolean connect(String text, ConnectionSettings newSettings, boolean initial, String targetName) {
        Target opened;
        try {
            if (newSettings.insecure() && newSettings.url().tls()) {
                console.warn("--insecure: the server's TLS certificate and host name are NOT verified");
            }
            opened = Connector.open(newSettings);
        } catch (CachectlException e) {
            console.error(e.getMessage());
            if (initial) {
                console.note("not connected: use 'connect URL', or 'doctor' to see what was tried");
                urlText = text;
                settings = newSettings;
                name = targetName;
            }
            lastFailure = e.exitCode();
            failing = true;
            return false;
        }
        closeTarget();
        target = opened;
        urlText = text;
        settings = newSettings;
        name = targetName;
        raw = new RawCommands(target, keys);
        lastCheck = null;
        if (backgroundKeys) {
            keys.startBackground(target, 5000, 60);
            loadRedisCommands(target);
        }
        console.note("connected to " + target.masked() + " (" + target.mode().name().toLowerCase(Locale.ROOT)
                + ", " + target.product() + (target.isCluster() ? ", " + target.primaries().size()
                        + " primaries" : "") + ")");
        checkStatus(true);
        return true;
    }

    Host host() {
        return host;
    }

    ConnectionSettings settings() {
        return settings;
    }

    /** A Sentinel target: moves to the primary the sentinels name now, saying so, before each command. */
    private void followFailover() {
        if (target == null || target.sentinels() == null) {
            return;
        }
        Target followed = host.followFailover(target, console); // closes the old target if it moves
        if (followed != target) {
            keys.stopBackground();
            if (raw != null) {
                raw.close();
            }
            target = followed;
            settings = followed.settings();
            raw = new RawCommands(target, keys);
            lastCheck = null;
            if (backgroundKeys) {
                keys.startBackground(target, 5000, 60);
            }
        }
    }

    Target target() {
        requireTarget();
        return target;
    }

    Console console() {
        return console;
    }

    Terminal terminal() {
        return terminal;
    }

    private void requireTarget() {
        if (target == null) {
            throw CachectlException.unavailable("not connected to " + settings.masked()
                    + ": use 'connect URL' (or 'doctor' to see what was tried)", null);
        }
    }

    /** The config file's target names, for completion (none when it cannot be read). */
    private java.util.Collection<String> targetNames() {
        try {
            return io.cachectl.config.Config.load(console.env()).targets().keySet();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Learns the server's commands (COMMAND DOCS) on a daemon thread; the built-in list until then. */
    private void loadRedisCommands(Target t) {
        Thread th = new Thread(() -> {
            try (redis.clients.jedis.Jedis j = t.open(t.primaries().get(0))) {
                redisCommands = RedisCommandNames.load(j);
            } catch (RuntimeException e) {
                redisCommands = RedisCommandNames.fallback();
            }
        }, "cachectl-command-docs");
        th.setDaemon(true);
        th.start();
    }

    /** The current URL without user or password, offered by completion. */
    private String publicUrl() {
        RedisUrl u = settings.url();
        return (u.tls() ? "rediss://" : "redis://") + u.hostPort() + (u.db() != 0 ? "/" + u.db() : "");
    }

    /** {@code cache 127.0.0.1:6379[0] primary> }, red when a target FAILed at the last check. */
    public String prompt() {
        String where;
        if (target == null) {
            where = (name != null ? name : settings.url().hostPort()) + " (disconnected)";
        } else {
            String role = target.isCluster() ? "cluster"
                    : target.nodes().get(0).isPrimary() ? "primary" : "replica";
            where = (name != null ? name : target.sentinels() != null ? target.sentinels().master() + "@"
                    + target.nodes().get(0).address() : settings.url().hostPort()) + "[" + target.db() + "] " + role;
        }
        String text = "cache " + where + "> ";
        return failing ? console.style().red(text) : console.style().green(text);
    }

    /** Whether a target FAILed at the last check (drives the prompt colour). */
    public boolean failing() {
        return failing;
    }

    /** Light check (INFO + a few PINGs) at most every 10 s: hit rate over the time since the previous one. */
    private void checkStatus(boolean force) {
        if (target == null || !force && System.nanoTime() - lastCheckNanos < CHECK_EVERY_NANOS) {
            return;
        }
        try {
            StatsService service = new StatsService(target, Thresholds.GUIDE, io.cachectl.effect.Ledger.open(console.env()));
            Map<Node, StatsService.NodeSample> now = service.sample(5);
            failing = Verdicts.anyFailed((lastCheck == null ? service.report(now) : service.report(lastCheck, now))
                    .targets());
            lastCheck = now;
        } catch (RuntimeException e) {
            failing = true;
        }
        lastCheckNanos = System.nanoTime();
    }

    void noteCheck(boolean anyFailed) {
        failing = anyFailed;
        lastCheckNanos = System.nanoTime();
    }

    /**
     * Ctrl-C while a command runs: stop it as on the command line — the stop request every loop polls
     * (also on the scan, load and writer threads), and an interrupt for its sleeps and waits. The
     * command prints its partial summary and the shell goes on; the request is cleared when it ends.
     */
    private void cancel() {
        synchronized (cancelLock) {
            Thread t = running;
            if (t != null) {
                host.requestStop();
                t.interrupt();
            }
        }
    }

    void stop() {
        stop = true;
    }

    private void closeTarget() {
        keys.stopBackground();
        if (raw != null) {
            raw.close();
            raw = null;
        }
        if (target != null) {
            target.close();
            target = null;
        }
    }

    @Override
    public void close() {
        closeTarget();
        keys.close();
        if (terminal != null) {
            try {
                terminal.close();
            } catch (IOException ignored) {
                // leaving anyway
            }
        }
    }

    /**
     * Hands a line reader one character per call, so a confirmation read through
     * {@link Console#confirm} never swallows the lines typed after it.
     */
    static final class OneCharReader extends Reader {
        private final Reader in;

        OneCharReader(Reader in) {
            this.in = in;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int c = in.read();
            if (c < 0) {
                return -1;
            }
            buf[off] = (char) c;
            return 1;
        }

        @Override
        public void close() {
            // the terminal owns the stream
        }
    }
}
