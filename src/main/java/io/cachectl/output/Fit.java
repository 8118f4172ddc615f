package io.cachectl.output;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes human output fit the terminal: long lines are wrapped at spaces with a hanging indent (under
 * the text after a label such as {@code "Memory      "}, else two columns in), lists are cut with
 * an ellipsis. Widths count what is seen: colour codes are skipped.
 */
public final class Fit {
    private static final Pattern TWO_LABELS = Pattern.compile("^(\\s*\\S+\\s{2,}\\S+\\s{2,})");
    private static final Pattern LABEL = Pattern.compile("^(\\s*\\S+(?: \\S+)?\\s{2,})");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    private Fit() {
    }

    /** Visible length (colour codes not counted). */
    public static int width(String s) {
        return Style.strip(s).length();
    }

    /** {@code line} as one or more lines of at most {@code width} visible columns. */
    public static List<String> wrap(String line, int width) {
        List<String> out = new ArrayList<>();
        if (width < 20 || width(line) <= width) {
            out.add(line);
            return out;
        }
        String plain = Style.strip(line);
        int lead = plain.length() - plain.stripLeading().length();
        int indent = lead + 2;
        for (Pattern p : new Pattern[] {TWO_LABELS, LABEL}) {
            Matcher m = p.matcher(plain);
            if (m.find() && m.group(1).length() <= width / 2) {
                indent = m.group(1).length();
                break;
            }
        }
        String rest = line;
        boolean first = true;
        while (true) {
            int room = first ? width : width - indent;
            String prefix = first ? "" : " ".repeat(indent);
            if (width(rest) <= room) {
                out.add(prefix + rest);
                return out;
            }
            int cut = cutAt(rest, room);
            out.add(prefix + rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
            first = false;
        }
    }

    /** Every line of {@code lines} wrapped to {@code width}. */
    public static List<String> wrap(List<String> lines, int width) {
        List<String> out = new ArrayList<>();
        lines.forEach(l -> out.addAll(wrap(l, width)));
        return out;
    }

    /** {@code line} cut to {@code width} visible columns, ending in … when it was longer. */
    public static String truncate(String line, int width) {
        if (width(line) <= width) {
            return line;
        }
        int cut = index(line, width - 1);
        return line.substring(0, cut) + "…" + (line.contains("\u001B[") ? "\u001B[0m" : "");
    }

    /** Where to break {@code s} so that at most {@code room} visible columns stay on the line: the last space. */
    private static int cutAt(String s, int room) {
        int hard = index(s, room);
        int space = s.lastIndexOf(' ', hard);
        int minimum = index(s, Math.max(1, room / 3));
        return space > minimum ? space : hard;
    }

    /** The string index just past {@code visible} visible characters. */
    private static int index(String s, int visible) {
        int seen = 0;
        int i = 0;
        Matcher m = ANSI.matcher(s);
        while (i < s.length() && seen < visible) {
            if (s.charAt(i) == '\u001B' && m.find(i) && m.start() == i) {
                i = m.end();
                continue;
            }
            i++;
            seen++;
        }
        return i;
    }
}
