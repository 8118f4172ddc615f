package io.cachectl.error;

/**
 * A failure the user should see as one line. Carries the exit code it maps to. Messages must never
 * contain a password: build them from masked URLs and host:port only.
 */
public class CachectlException extends RuntimeException {
    private final int exitCode;

    public CachectlException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public CachectlException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Bad input or usage: exit 2, nothing was written. */
    public static CachectlException usage(String message) {
        return new CachectlException(ExitCode.USAGE, message);
    }

    /** Server unreachable or unusable: exit 3. */
    public static CachectlException unavailable(String message, Throwable cause) {
        return new CachectlException(ExitCode.UNAVAILABLE, message, cause);
    }

    /** Failed part-way: exit 4. The message says what was done. */
    public static CachectlException partial(String message, Throwable cause) {
        return new CachectlException(ExitCode.PARTIAL, message, cause);
    }
}
