package io.cachectl.cli;

import io.cachectl.input.Suggest;

import io.cachectl.connect.RedisErrors;
import io.cachectl.connect.RedisUrl;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.error.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Error printing in one place: one line, red on a terminal, stack trace only with --verbose. */
final class Errors {
    private Errors() {
    }

    /** Applies --json/--no-color/--verbose of the command being run to the console. */
    static void applyOutputOptions(ParseResult parseResult, Console console) {
        for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
            CommandLine.Model.CommandSpec mixin = pr.commandSpec().mixins().get("output");
            if (mixin != null && mixin.userObject() instanceof OutputOptions o) {
                console.setVerbose(o.verbose);
                console.setColor(!o.noColor);
                if (o.json()) {
                    io.cachectl.output.Json.warmUp();
                }
            }
        }
    }

    static final class ParameterHandler implements CommandLine.IParameterExceptionHandler {
        private final Console console;

        ParameterHandler(Console console) {
            this.console = console;
        }

        /** "Did you mean": the closest command or option names, closest first (picocli's order is not). */
        private void suggest(CommandLine.ParameterException ex, CommandLine cmd) {
            if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
                return;
            }
            String typed = u.getUnmatched().get(0);
            java.util.Collection<String> names;
            if (typed.startsWith("-")) {
                typed = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
                names = cmd.getCommandSpec().options().stream().filter(o -> !o.hidden())
                        .flatMap(o -> java.util.Arrays.stream(o.names())).filter(n -> n.startsWith("--")).toList();
            } else {
                names = cmd.getSubcommands().entrySet().stream()
                        .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
                        .map(java.util.Map.Entry::getKey).toList();
            }
            java.util.List<String> close = Suggest.closest(typed, names, 3);
            if (!close.isEmpty()) {
                console.err().println("Did you mean: " + String.join(" or ", close) + "?");
            }
        }

        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine cmd = ex.getCommandLine();
            console.error(RedisUrl.mask(ex.getMessage()));
            suggest(ex, cmd);
            console.err().println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'");
            console.err().flush();
            return ExitCode.USAGE;
        }
    }

    static final class ExecutionHandler implements CommandLine.IExecutionExceptionHandler {
        private final Console console;

        ExecutionHandler(Console console) {
            this.console = console;
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
            if (ex instanceof CachectlException ce) {
                console.error(ce.getMessage());
                console.trace(ce);
                if (ce.exitCode() == ExitCode.USAGE && ce.getCause() == null) {
                    console.err().println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'");
                    console.err().flush();
                }
                return ce.exitCode();
            }
            if (ex instanceof redis.clients.jedis.exceptions.JedisException) {
                console.error(RedisErrors.describe(ex, "the server"));
                console.trace(ex);
                return ExitCode.UNAVAILABLE;
            }
            console.error("unexpected failure: " + RedisUrl.mask(String.valueOf(ex.getMessage()))
                    + (console.verbose() ? "" : " (run with -v for details)"));
            console.trace(ex);
            return ExitCode.PARTIAL;
        }
    }
}
