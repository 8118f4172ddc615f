package io.cachectl.shell;

import io.cachectl.input.DurationConverter;
import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.Node;
import io.cachectl.connect.Target;
import io.cachectl.error.CachectlException;
import io.cachectl.error.ExitCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands only the shell has. They act on the shell's open target. */
final class ShellCommands {
    private ShellCommands() {
    }

    @Command(name = "connect", mixinStandardHelpOptions = true,
            description = "Switch the shell to another server or cluster (keeps TLS and timeout options).",
            footerHeading = "%nExamples:%n",
            footer = {"  connect prod-eu", "  connect redis://127.0.0.1:6380", "  connect rediss://app:secret@cache.internal:6380/2"})
    static final class Connect implements Callable<Integer> {
        private final Shell shell;

        @Parameters(paramLabel = "URL|TARGET", description = "A named target (cachectl targets list), or"
                + " redis://[user:password@]host:port[/db], rediss://…, redis-sentinel://host:port[,…]?master=NAME")
        String url;

        Connect(Shell shell) {
            this.shell = shell;
        }

        @Override
        public Integer call() {
            ConnectionSettings s = shell.settings();
            if (!url.contains("://")) { // a named target of the config file
                ConnectionSettings named = shell.host().namedTarget(url, shell.console());
                return shell.connect(named.secretUrl(), named, false, url) ? ExitCode.OK : ExitCode.UNAVAILABLE;
            }
            ConnectionSettings next = ConnectionSettings.parse(url, s.caCert(), s.insecure(),
                    s.connectTimeoutMs(), s.timeoutMs(), ConnectionSettings.ClusterMode.AUTO);
            return shell.connect(url, next, false) ? ExitCode.OK : ExitCode.UNAVAILABLE;
        }
    }

    /** INFO sections, for completion. */
    static final class Sections extends java.util.ArrayList<String> {
        Sections() {
            super(List.of("server", "clients", "memory", "persistence", "stats", "replication", "cpu",
                    "commandstats", "latencystats", "errorstats", "cluster", "keyspace", "all", "everything"));
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print the server's INFO (one section, or the default set); every primary of a cluster.",
            footerHeading = "%nExamples:%n", footer = {"  info memory", "  info keyspace"})
    static final class InfoCmd implements Callable<Integer> {
        private final Shell shell;

        @Parameters(paramLabel = "SECTION", arity = "0..1", completionCandidates = Sections.class,
                description = "server, clients, memory, stats, keyspace, … (default: the default set).")
        String section;

        InfoCmd(Shell shell) {
            this.shell = shell;
        }

        @Override
        public Integer call() {
            Target target = shell.target();
            if (!target.isCluster()) {
                print(section == null ? target.seed().info() : target.seed().info(section));
                return ExitCode.OK;
            }
            Map<Node, String> infos = target.onEach(target.primaries(),
                    j -> section == null ? j.info() : j.info(section));
            infos.forEach((node, text) -> {
                shell.console().println(shell.console().style().bold("## " + node.address()));
                print(text);
            });
            return ExitCode.OK;
        }

        private void print(String text) {
            for (String line : text.split("\r?\n")) {
                shell.console().println(line);
            }
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = "Live full-screen panel: memory, hit rate, ops/s, evictions/s, clients, latency, sparklines.",
            footerHeading = "%nExamples:%n", footer = {"  watch", "  watch --interval 5s", "  watch --repeat 30        30 refreshes, then back to the prompt", "  (q or Ctrl-C leaves)"})
    static final class Watch implements Callable<Integer> {
        private final Shell shell;

        @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
                description = "Refresh every DURATION (default: ${DEFAULT-VALUE}).")
        Duration interval;

        @Option(names = "--repeat", paramLabel = "N", description = "Stop after N refreshes.")
        Integer count;

        Watch(Shell shell) {
            this.shell = shell;
        }

        @Override
        public Integer call() {
            if (interval.isZero() || interval.isNegative() || count != null && count < 1) {
                throw CachectlException.usage("--interval and --repeat must be positive");
            }
            WatchScreen screen = new WatchScreen(shell.target(), shell.console(), shell.terminal());
            boolean failed = screen.run(interval, count);
            shell.noteCheck(failed);
            return ExitCode.OK;
        }
    }

    @Command(name = "exit", aliases = "quit", description = "Leave the shell (Ctrl-D does the same).")
    static final class Exit implements Callable<Integer> {
        private final Shell shell;

        Exit(Shell shell) {
            this.shell = shell;
        }

        @Override
        public Integer call() {
            shell.stop();
            return ExitCode.OK;
        }
    }
}
