package io.cachectl.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * Owns stdout (results), stderr (progress, warnings, errors), stdin (confirmations) and colour.
 * Nothing else in cachectl writes to the process streams.
 */
public final class Console {
    private final PrintWriter out;
    private final PrintWriter err;
    private final InputStream stdin;
    private BufferedReader in;
    private final Terminals terminals;
    private final Map<String, String> env;
    private Style outStyle;
    private Style errStyle;
    private boolean verbose;

    /** Which of the three streams are terminals. */
    public record Terminals(boolean in, boolean out, boolean err) {
        public static final Terminals NONE = new Terminals(false, false, false);

        /**
         * The launcher passes {@code -Dcachectl.tty=in,out,err} (from {@code [ -t N ]}); without it,
         * {@code System.console()} tells whether stdin and stdout are both terminals.
         */
        public static Terminals detect() {
            String prop = System.getProperty("cachectl.tty");
            if (prop != null) {
                return new Terminals(prop.contains("in"), prop.contains("out"), prop.contains("err"));
            }
            boolean tty = System.console() != null;
            return new Terminals(tty, tty, tty);
        }
    }

    public Console(PrintWriter out, PrintWriter err, InputStream stdin, Terminals terminals, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.stdin = stdin;
        this.terminals = terminals;
        this.env = env;
        setColor(true);
    }

    /**
     * A console whose questions and lines are read from {@code input} (the shell's terminal reader);
     * it has no byte stdin, so data cannot be read from '-'.
     */
    public Console(PrintWriter out, PrintWriter err, Reader input, Terminals terminals, Map<String, String> env) {
        this(out, err, (InputStream) null, terminals, env);
        this.in = new BufferedReader(input);
    }

    /** Colour only on a terminal, never with NO_COLOR set, and never when {@code wanted} is false. */
    public void setColor(boolean wanted) {
        boolean allowed = wanted && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
        this.outStyle = new Style(allowed && terminals.out());
        this.errStyle = new Style(allowed && terminals.err());
    }

    public void setVerbose(boolean verbose) {
        this.verbose = verbose;
    }

    public boolean verbose() {
        return verbose;
    }

    public Map<String, String> env() {
        return env;
    }

    public Terminals terminals() {
        return terminals;
    }

    /** True when a person can answer a question: stdin and stderr are terminals. */
    public boolean interactive() {
        return terminals.in() && terminals.err() && (stdin != null || in != null);
    }

    /** Standard input as bytes, for commands that read data from '-' (then no questions can be asked). */
    public InputStream stdin() {
        return stdin;
    }

    /** True when progress may be drawn on stderr. */
    public boolean progressAllowed() {
        return terminals.err();
    }

    public Style style() {
        return outStyle;
    }

    public Style errStyle() {
        return errStyle;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public void println(String line) {
        out.println(line);
        out.flush();
    }

    /** Prints one pretty JSON document on stdout. */
    public void json(Object document) {
        println(write(document, true));
    }

    /** Prints one compact JSON document on one line (JSON Lines, for --watch --json). */
    public void jsonLine(Object document) {
        println(write(document, false));
    }

    private static String write(Object document, boolean pretty) {
        try {
            return pretty ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document)
                    : Json.MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
        }
    }

    public void warn(String message) {
        err.println(errStyle.yellow("warning: ") + message);
        err.flush();
    }

    public void note(String message) {
        err.println(errStyle.dim(message));
        err.flush();
    }

    public void error(String message) {
        err.println(errStyle.red("error: " + message));
        err.flush();
    }

    /** Prints the stack trace of {@code t} on stderr, only with --verbose. */
    public void trace(Throwable t) {
        if (verbose && t != null) {
            java.io.StringWriter trace = new java.io.StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            err.print(Secrets.mask(trace.toString())); // exception messages may quote a URL
            err.flush();
        }
    }

    /** Reads one line of stdin (the shell's piped mode); null at end of input or without stdin. */
    public String readLine() {
        BufferedReader r = reader();
        if (r == null) {
            return null;
        }
        try {
            return r.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized BufferedReader reader() {
        if (in == null && stdin != null) {
            in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        }
        return in;
    }

    /** Asks a yes/no question on stderr and reads the answer; false unless the user types y or yes. */
    public boolean confirm(String question) {
        err.print(question + " [y/N] ");
        err.flush();
        try {
            BufferedReader r = reader();
            String answer = r == null ? null : r.readLine();
            return answer != null && switch (answer.trim().toLowerCase(Locale.ROOT)) {
                case "y", "yes" -> true;
                default -> false;
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
