package io.cachectl;

import io.cachectl.cli.CachectlCommand;
import io.cachectl.cli.Interrupts;
import io.cachectl.output.Console;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Process entry point: wires the real streams and environment, installs the Ctrl-C handler. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Console console = new Console(
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                System.in,
                Console.Terminals.detect(), System.getenv());
        Interrupts.install();
        int code = Interrupts.exitCode(CachectlCommand.run(console, args));
        System.out.flush();
        System.exit(code);
    }
}
