package io.cachectl.shell;

import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Pattern;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * Keeps secrets out of ~/.cachectl_history: lines that carry a password (AUTH, HELLO … AUTH,
 * ACL SETUSER … &gt;pw, CONFIG SET requirepass/masterauth, MIGRATE … AUTH, URLs with a password)
 * are executed but never recorded.
 */
public final class HistoryFilter {
    private static final Pattern SECRET = Pattern.compile(
            "(?i)^\\s*>?\\s*(auth\\b"
                    + "|hello\\b.*\\bauth\\b"
                    + "|acl\\s+setuser\\b.*(\\s[>#<!]\\S|\\bresetpass\\b)"
                    + "|config\\s+set\\b.*\\b(requirepass|masterauth|masteruser|tls-key-file-pass|tls-client-key-file-pass)\\b"
                    + "|migrate\\b.*\\bauth2?\\b)"
                    + "|rediss?://[\\s\\S]*@");  // URL with user information: a password may hold '/', '@', ' '…

    private HistoryFilter() {
    }

    /** True when {@code line} must not be written to the history. */
    public static boolean isSecret(String line) {
        return line != null && SECRET.matcher(line).find();
    }

    /** JLine history that silently drops secret lines. */
    public static final class Filtered extends DefaultHistory {
        @Override
        public void add(Instant time, String line) {
            if (!isSecret(line)) {
                super.add(time, line);
            }
        }
    }

    /** Where the history lives: CACHECTL_HISTORY, else ~/.cachectl_history. */
    public static Path defaultFile(java.util.Map<String, String> env) {
        String explicit = env.get("CACHECTL_HISTORY");
        return explicit != null && !explicit.isBlank() ? Path.of(explicit)
                : Path.of(System.getProperty("user.home"), ".cachectl_history");
    }
}
