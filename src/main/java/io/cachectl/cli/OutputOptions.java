package io.cachectl.cli;

import picocli.CommandLine.Option;

/** Output options every command takes; applied to the console before the command runs. */
public final class OutputOptions {
    @Option(names = "--json", description = "Print one JSON document on stdout (snake_case fields).")
    boolean json;

    @Option(names = "--no-color", description = "No colour (also off when NO_COLOR is set or output is not a terminal).")
    boolean noColor;

    @Option(names = {"-v", "--verbose"}, description = "Stack traces and details on errors.")
    boolean verbose;

    public boolean json() {
        return json;
    }
}
