package io.cachectl.scan;

import io.cachectl.connect.Target;
import io.cachectl.error.CachectlException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/** Facts about a Redis glob pattern: is it well-formed, does it match everything, does it pin one slot. */
public final class Patterns {
    private Patterns() {
    }

    /** Rejects patterns Redis would read differently from what the user meant; exit 2. */
    public static void validate(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw CachectlException.usage("empty pattern: give a Redis glob such as 'user:profile:*'");
        }
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (i == pattern.length() - 1) {
                    throw CachectlException.usage("pattern '" + pattern + "' ends with a lone backslash"
                            + " (escape it as \\\\ to match a backslash)");
                }
                i++;
            } else if (c == '[') {
                String quirk = quirk(pattern, i);
                if (quirk != null) {
                    throw CachectlException.usage("pattern '" + pattern + "': " + quirk);
                }
                int close = closingBracket(pattern, i);
                if (close < 0) {
                    throw CachectlException.usage("pattern '" + pattern + "' has an unclosed '[' at position "
                            + (i + 1) + " (write \\[ to match a literal bracket)");
                }
                i = close;
            } else if (c == '\n' || c == '\r') {
                throw CachectlException.usage("pattern contains a line break");
            }
        }
    }

    /**
     * Classes Redis reads differently from how they look (stringmatchlen): {@code []} is an empty class
     * that matches nothing, and in {@code [a-]} the '-' makes a range up to the ']', so the class does
     * not end there. Null when the class at {@code open} is plain.
     */
    private static String quirk(String p, int open) {
        int i = open + 1;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            return "'[]' at position " + (open + 1) + " is an empty class that matches nothing in Redis"
                    + " (write \\] to match a ']')";
        }
        for (; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ']') {
                return null;
            } else if (i + 2 < p.length() && p.charAt(i + 1) == '-') {
                if (p.charAt(i + 2) == ']') {
                    return "Redis reads '" + c + "-]' at position " + (i + 1) + " as a range up to ']', so the class"
                            + " does not end there (write " + c + "\\-] to match a '-')";
                }
                i += 2;
            }
        }
        return null;
    }

    private static int closingBracket(String p, int open) {
        int i = open + 1;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        for (; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ']' && i > open + 1) {
                return i;
            }
        }
        return -1;
    }

    /**
     * True for patterns that match every key, or every key but the shortest: '*', '**', '?*', '*?*'…
     * (only '*' and '?', no literal character and no class): they need --all.
     */
    public static boolean matchesEverything(String pattern) {
        return !pattern.isEmpty() && pattern.indexOf('*') >= 0 && pattern.chars().allMatch(c -> c == '*' || c == '?');
    }

    /**
     * The cluster slot every matching key must hash to, when the pattern pins one: a literal prefix
     * up to the first '{', then a non-empty literal hash tag ({@code user:{42}:*}). Empty otherwise.
     */
    public static OptionalInt pinnedSlot(String pattern) {
        int open = pattern.indexOf('{');
        if (open < 0 || hasGlob(pattern.substring(0, open))) {
            return OptionalInt.empty();
        }
        int close = pattern.indexOf('}', open + 1);
        if (close <= open + 1) {
            return OptionalInt.empty();
        }
        String tag = pattern.substring(open + 1, close);
        if (hasGlob(tag)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Target.slot(("{" + tag + "}").getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean hasGlob(String s) {
        return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '\\');
    }
}
