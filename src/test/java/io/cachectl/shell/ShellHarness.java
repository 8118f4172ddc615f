package io.cachectl.shell;

import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.RedisUrl;
import io.cachectl.output.Console;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;

/** A shell on a JLine dumb terminal built on byte streams: type lines, read the screen. */
final class ShellHarness {
    final Terminal terminal;
    final Shell shell;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    final StringWriter outer = new StringWriter();

    ShellHarness(String url, String typed, Path history) {
        try {
            terminal = new DumbTerminal("test", Terminal.TYPE_DUMB,
                    new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), screen, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Console console = new Console(new PrintWriter(outer, true), new PrintWriter(outer, true), new StringReader(""),
                new Console.Terminals(true, true, true), Map.of("NO_COLOR", "1"));
        shell = Shell.on(console, terminal, new Shell.Start(io.cachectl.cli.ShellCommand.HOST, url, ConnectionSettings.of(RedisUrl.parse(url)), history))
                .withoutBackgroundKeys();
    }

    /** Runs the loop until the typed input ends; returns everything the terminal showed. */
    static String session(String url, String typed) {
        ShellHarness h = new ShellHarness(url, typed, null);
        h.shell.loop();
        h.shell.close();
        return h.screen();
    }

    String screen() {
        try {
            terminal.flush();
        } catch (IllegalStateException closed) {
            // flushed when it was closed
        }
        return screen.toString(StandardCharsets.UTF_8) + outer;
    }

    /** A non-interactive (piped) console: no terminal anywhere, commands on stdin. */
    static Console piped(String stdin, StringWriter out, StringWriter err) {
        return new Console(new PrintWriter(out, true), new PrintWriter(err, true), new StringReader(stdin),
                Console.Terminals.NONE, Map.of());
    }
}
