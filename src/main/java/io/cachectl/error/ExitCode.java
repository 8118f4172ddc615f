package io.cachectl.error;

/** The exit codes every command uses; documented in README and {@code --help}. */
public final class ExitCode {
    /** Success; every check passed. */
    public static final int OK = 0;
    /** A check failed ({@code --check}: target breached, key over threshold, TTL policy violated). */
    public static final int CHECK_FAILED = 1;
    /** Usage error or bad input; nothing was written. */
    public static final int USAGE = 2;
    /** Cannot reach or use the server: refused, timeout, TLS, auth, missing permission. */
    public static final int UNAVAILABLE = 3;
    /** Failed part-way; the summary says what was done before the failure. */
    public static final int PARTIAL = 4;
    /** Interrupted (Ctrl-C); the partial summary is printed. */
    public static final int INTERRUPTED = 130;
    /** Stopped by SIGTERM; ends like Ctrl-C (partial summary, resume hint, bench cleanup). */
    public static final int TERMINATED = 143;

    /** Text for the exit-code section of {@code --help}. */
    public static final String[] HELP = {
        "0:Success; every check passed.",
        "1:A check failed (--check: a target breached, a key over threshold, a TTL policy violated).",
        "2:Usage error or bad input (bad option, URL, pattern, malformed file); nothing was written.",
        "3:Cannot reach or use the server (refused, timeout, TLS, auth, missing permission).",
        "4:Failed part-way; the summary says exactly what was done.",
        "130:Interrupted (Ctrl-C); the partial summary is printed.",
        "143:Terminated (SIGTERM); ends like Ctrl-C: partial summary, resume hint, bench cleanup.",
    };

    private ExitCode() {
    }
}
