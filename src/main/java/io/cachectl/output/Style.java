package io.cachectl.output;

import org.fusesource.jansi.Ansi;

/** The only place that decides colours. Off (plain text) when colour is disabled. */
public final class Style {
    private final boolean enabled;
    private final int width;

    public Style(boolean enabled) {
        this(enabled, 0);
    }

    /** {@code width}: the terminal's columns, when known; 0 = unlimited (piped output, tests). */
    public Style(boolean enabled, int width) {
        this.enabled = enabled;
        this.width = width;
    }

    /** Columns a table may use (the terminal's, when known), or 0 for no limit. */
    public int width() {
        return width;
    }

    public boolean enabled() {
        return enabled;
    }

    public String red(String s) {
        return paint(s, Ansi.Color.RED, false);
    }

    public String green(String s) {
        return paint(s, Ansi.Color.GREEN, false);
    }

    public String yellow(String s) {
        return paint(s, Ansi.Color.YELLOW, false);
    }

    public String cyan(String s) {
        return paint(s, Ansi.Color.CYAN, false);
    }

    public String bold(String s) {
        return enabled ? Ansi.ansi().bold().a(s).reset().toString() : s;
    }

    public String dim(String s) {
        return enabled ? Ansi.ansi().a(Ansi.Attribute.INTENSITY_FAINT).a(s).reset().toString() : s;
    }

    /** {@code text} in the colour of {@code status} (PASS green, WARN yellow, FAIL red, else dim). */
    public String status(String text, String status) {
        return switch (status) {
            case "PASS" -> green(text);
            case "WARN" -> yellow(text);
            case "FAIL" -> red(text);
            default -> dim(text);
        };
    }

    /** Colour for a target status word: PASS green, WARN yellow, FAIL red, N/A dim. */
    public String status(String status) {
        return switch (status) {
            case "PASS" -> green(status);
            case "WARN" -> yellow(status);
            case "FAIL" -> red(status);
            default -> dim(status);
        };
    }

    private String paint(String s, Ansi.Color c, boolean bright) {
        if (!enabled) {
            return s;
        }
        Ansi a = Ansi.ansi();
        a = bright ? a.fgBright(c) : a.fg(c);
        return a.a(s).reset().toString();
    }

    /** Removes ANSI escape sequences, for width computation. */
    public static String strip(String s) {
        return s.replaceAll("\u001B\\[[;\\d]*m", "");
    }
}
