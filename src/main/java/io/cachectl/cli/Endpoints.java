package io.cachectl.cli;

import io.cachectl.input.Suggest;

import io.cachectl.config.Config;
import io.cachectl.config.NamedTarget;
import io.cachectl.connect.RedisUrl;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.error.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Which server a command talks to, and with which password. The URL comes from, first to last:
 * {@code --url}, {@code --target NAME}, {@code CACHECTL_TARGET}, {@code REDIS_URL}, the config file's
 * default target, {@code redis://localhost:6379}. The password: {@code --askpass} (asked on the
 * terminal), the URL's own, the named target's {@code password_command}, {@code REDISCLI_AUTH}.
 */
final class Endpoints {
    private Endpoints() {
    }

    /** The URL text and, when it came from the config file, the target's name and entry. */
    record Resolved(String text, String name, NamedTarget target) {
    }

    static Resolved resolve(String urlOption, String targetOption, Map<String, String> env, Console console) {
        // an empty --url or REDIS_URL is how a missing variable looks in a script: an error, never the
        // default (quietly aiming at localhost, say with invalidate, is the worst outcome; issue 11 D7)
        if (urlOption != null) {
            if (urlOption.isBlank()) {
                throw CachectlException.usage("--url is empty: give the server's URL (redis://host:port), or leave"
                        + " --url out to use REDIS_URL" + (env.containsKey("REDIS_URL") ? "" : " or " + RedisUrl.DEFAULT));
            }
            return new Resolved(urlOption, null, null);
        }
        String name = targetOption != null ? targetOption : blankToNull(env.get("CACHECTL_TARGET"));
        if (name != null) {
            Config config = load(env, console);
            NamedTarget t = config.target(name).orElseThrow(() -> noSuchTarget(config, name,
                    targetOption != null ? "--target" : "CACHECTL_TARGET"));
            return new Resolved(t.url(), name, t);
        }
        String redisUrl = env.get("REDIS_URL");
        if (redisUrl != null) {
            if (redisUrl.isBlank()) {
                throw CachectlException.usage("REDIS_URL is set but empty: set it to the server's URL, pass --url,"
                        + " or unset it to use " + RedisUrl.DEFAULT);
            }
            return new Resolved(redisUrl, null, null);
        }
        Config config = load(env, console);
        String def = config.defaultTarget();
        if (def != null) {
            NamedTarget t = config.target(def).orElseThrow(() -> CachectlException.usage("config " + config.path()
                    + ": default target '" + def + "' is not defined (cachectl targets use NAME)"));
            return new Resolved(t.url(), def, t);
        }
        return new Resolved(RedisUrl.DEFAULT, null, null);
    }

    /** The config file, with the warning when others can read it (on {@code console}, when given). */
    static Config load(Map<String, String> env, Console console) {
        Config config = Config.load(env);
        if (console != null) {
            config.permissionWarning().ifPresent(console::warn);
        }
        return config;
    }

    static CachectlException noSuchTarget(Config config, String name, String from) {
        List<String> close = Suggest.closest(name, config.targets().keySet(), 3);
        return CachectlException.usage(from + ": no target named '" + name + "' in " + config.path()
                + (close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)")
                + (config.targets().isEmpty() ? "; add one with 'cachectl targets add NAME --url URL'"
                        : "; 'cachectl targets list' shows them"));
    }

    /**
     * The password to use when the URL has none: asked (--askpass), else the target's password_command,
     * else REDISCLI_AUTH; null when there is none.
     */
    static String password(boolean askpass, String urlPassword, Resolved r, Map<String, String> env, Console console,
            String where) {
        if (askpass) {
            if (console == null) {
                throw CachectlException.usage("--askpass needs a terminal or stdin to read the password from");
            }
            String pw = console.readSecret("Password for " + where + ": ");
            if (pw == null) {
                throw CachectlException.usage("--askpass: no password typed (end of input)");
            }
            return pw;
        }
        if (urlPassword != null) {
            return urlPassword;
        }
        if (r.target() != null && r.target().passwordCommand() != null && !r.target().passwordCommand().isBlank()) {
            return run(r.name(), r.target().passwordCommand());
        }
        return blankToNull(env.get("REDISCLI_AUTH"));
    }

    /** Runs a target's password_command with sh -c: its first line of output is the password. */
    static String run(String name, String command) {
        try {
            Process p = new ProcessBuilder("sh", "-c", command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw CachectlException.unavailable("password_command of target '" + name + "' ran past 30 s", null);
            }
            if (p.exitValue() != 0) {
                throw CachectlException.unavailable("password_command of target '" + name + "' failed (exit "
                        + p.exitValue() + ")", null);
            }
            String pw = new String(out, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            if (pw.isEmpty()) {
                throw CachectlException.unavailable("password_command of target '" + name + "' printed no password",
                        null);
            }
            return pw;
        } catch (IOException e) {
            throw CachectlException.unavailable("cannot run password_command of target '" + name + "': "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CachectlException(ExitCode.INTERRUPTED, "interrupted");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
