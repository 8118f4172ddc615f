package io.cachectl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Registered for every test (ServiceLoader, autodetection in junit-platform.properties): a failure's
 * message starts with the server it failed on, e.g. {@code [valkey-server 8.0.1]}, so a CI log of the
 * two-server matrix says which server broke without reading the surefire report directory.
 */
public final class ServerFlavourExtension implements TestExecutionExceptionHandler {
    private static volatile String label;

    /** e.g. {@code redis-server 7.0.15} or {@code valkey-server 8.0.1}. */
    public static String label() {
        String l = label;
        if (l == null) {
            String name = RedisServer.flavour() + "-server";
            String version = "?";
            try {
                Process p = new ProcessBuilder(RedisServer.binary(name), "--version").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("v=(\\S+)").matcher(out);
                if (m.find()) {
                    version = m.group(1);
                }
            } catch (IOException | RuntimeException e) {
                version = "(not installed)";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            l = label = name + " " + version;
        }
        return l;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        if (t instanceof TestAbortedException) {
            throw t;
        }
        String prefix = "[" + label() + "] ";
        if (t.getMessage() != null && t.getMessage().startsWith(prefix)) {
            throw t;
        }
        AssertionError named = new AssertionError(prefix + t, t);
        named.setStackTrace(t.getStackTrace());
        throw named;
    }
}
