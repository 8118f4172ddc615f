package io.cachectl.error;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the password of URLs inside any text (messages, stack traces, history lines). A password
 * may hold any character, '/', '@' and ':' included, so the user information of a URL runs from
 * {@code //} to the <em>last</em> '@' of its line (hosts hold no '@'), stopping only before another
 * URL that follows a blank (the "expected redis://[user:password@]…" hint of an error message).
 */
public final class Secrets {
    private static final Pattern SCHEME = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://");

    private Secrets() {
    }

    /** {@code text} with the password of every URL in it replaced by {@code ****}. */
    public static String mask(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        Matcher m = SCHEME.matcher(text);
        int copied = 0;
        int from = 0;
        while (from < text.length() && m.find(from)) {
            int start = m.end();
            int lineEnd = lineEnd(text, start);
            int limit = lineEnd;
            Matcher next = SCHEME.matcher(text).region(start, lineEnd);
            while (next.find()) {
                if (next.start() > start && Character.isWhitespace(text.charAt(next.start() - 1))) {
                    limit = next.start();
                    break;
                }
            }
            int at = text.lastIndexOf('@', limit - 1);
            if (at < start) {
                from = m.end();
                continue;
            }
            String info = text.substring(start, at);
            if (info.equals("[user:password")) { // the usage hint, not a secret
                from = at + 1;
                continue;
            }
            int colon = info.indexOf(':');
            sb.append(text, copied, start);
            sb.append(colon < 0 ? "****" : info.substring(0, colon) + ":****");
            copied = at;
            from = at + 1;
        }
        sb.append(text, copied, text.length());
        return sb.toString();
    }

    /**
     * {@code url} (one URL, as typed) with its password replaced by {@code ****}: the user
     * information runs from the first {@code ://} to the last '@' of the whole text, whatever
     * characters the password holds (line breaks included).
     */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        int sep = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (sep < 0 || at < sep + 3) {
            return mask(url);
        }
        String info = url.substring(sep + 3, at);
        int colon = info.indexOf(':');
        return url.substring(0, sep + 3) + (colon < 0 ? "****" : info.substring(0, colon) + ":****") + url.substring(at);
    }

    private static int lineEnd(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return text.length();
    }
}
