package io.cachectl.output;

import io.cachectl.error.Secrets;

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
    private int width;

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

    /** stdout's style; it carries the terminal's width when known, so that tables fit it. */
    public Style style() {
        int known = knownWidth();
        return known > 0 ? new Style(outStyle.enabled(), known) : outStyle;
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
        Fit.wrap(message, width()).forEach(l -> err.println(errStyle.dim(l)));
        err.flush();
    }

    /**
     * Columns human output may use: {@code COLUMNS} when set, else the terminal's width (asked of
     * {@code stty} on the controlling terminal, once, only when a stream is a terminal), else 80.
     */
    public synchronized int width() {
        if (width == 0) {
            int w = detectWidth();
            width = w > 0 ? w : 80;
        }
        return width;
    }

    /** The terminal's width when it is known ({@code COLUMNS}, or the terminal answered), else 0. */
    public int knownWidth() {
        int w = width();
        return widthKnown ? w : 0;
    }

    private boolean widthKnown = true;

    private int detectWidth() {
        String cols = env.get("COLUMNS");
        if (cols != null) {
            try {
                int c = Integer.parseInt(cols.trim());
                if (c > 0) {
                    return c;
                }
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        if ((terminals.out() || terminals.err()) && new java.io.File("/dev/tty").canRead()) {
            try {
                Process p = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty"))
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String size = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS) && size.matches("\\d+ \\d+")) {
                    int c = Integer.parseInt(size.substring(size.indexOf(' ') + 1));
                    if (c > 0) {
                        return c;
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // no terminal to ask
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        widthKnown = false;
        return 0;
    }

    /**
     * Prints a line of human output wrapped to the terminal's width when it is known ({@code COLUMNS} or
     * the terminal); piped output is never wrapped, so that grep and awk see whole lines.
     */
    public void printFit(String line) {
        Fit.wrap(line, knownWidth()).forEach(this::println);
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

    /**
     * Asks for a secret on stderr and reads it: without echo from the process' own terminal, else one
     * line of stdin (redis-cli --askpass reads stdin too). Null at end of input.
     */
    public String readSecret(String prompt) {
        java.io.Console tty = System.console();
        if (terminals.in() && tty != null && stdin == System.in) {
            char[] pw = tty.readPassword("%s", prompt);
            return pw == null ? null : new String(pw);
        }
        err.print(prompt);
        err.flush();
        String line = readLine();
        if (terminals.in()) {
            err.println();
            err.flush();
        }
        return line;
    }
}
