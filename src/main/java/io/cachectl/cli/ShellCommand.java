package io.cachectl.cli;

import io.cachectl.connect.ConnectionSettings;
import io.cachectl.shell.HistoryFilter;
import io.cachectl.shell.Shell;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "shell", mixinStandardHelpOptions = true,
        description = "Interactive troubleshooting: every command plus doctor, watch, info, raw Redis commands.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  cachectl shell                        (also: cachectl with no arguments on a terminal)",
            "  cachectl shell --url redis://:secret@cache.internal:6379",
            "  printf 'doctor\\ninfo memory\\n' | cachectl shell   piped: one command per line, no prompt",
            "",
            "Inside: help, Tab completion, doctor, watch, connect URL, info [section], GET key (raw),",
            "Ctrl-C cancels a running command, exit or Ctrl-D leaves. History: ~/.cachectl_history",
            "(CACHECTL_HISTORY overrides; lines with passwords are never recorded)."})
public final class ShellCommand implements Callable<Integer> {
    /** The CLI as the shell's host: its command line and the process-wide stop request. */
    public static final Shell.Host HOST = new Shell.Host() {
        @Override
        public picocli.CommandLine commandLine(io.cachectl.output.Console console) {
            return CachectlCommand.commandLine(console);
        }

        @Override
        public void requestStop() {
            Interrupts.request();
        }

        @Override
        public void clearStop() {
            Interrupts.clear();
        }

        @Override
        public ConnectionSettings namedTarget(String name, io.cachectl.output.Console console) {
            return ConnectionOptions.named(name, console);
        }

        @Override
        public io.cachectl.connect.Target followFailover(io.cachectl.connect.Target target,
                io.cachectl.output.Console console) {
            return Failover.follow(target, console);
        }
    };

    private final Context context;

    @Mixin
    ConnectionOptions connection;

    @Mixin(name = "output")
    OutputOptions output;

    @Option(names = "--history", paramLabel = "FILE",
            description = "History file (default: $CACHECTL_HISTORY, else ~/.cachectl_history).")
    Path history;

    public ShellCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var env = context.console().env();
        ConnectionSettings settings = connection.settings(context.console());
        // the shell's commands get these settings as their --url default: with the password however it
        // was found (asked once with --askpass, a target's password_command), never printed
        String url = settings.secretUrl();
        Path file = history != null ? history : HistoryFilter.defaultFile(env);
        return Shell.run(context.console(), new Shell.Start(HOST, url, settings, file, connection.targetName()));
    }
}
