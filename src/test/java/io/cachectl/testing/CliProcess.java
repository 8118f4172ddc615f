package io.cachectl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.output.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * cachectl as its own process (the JVM from the test classpath, {@code io.cachectl.Main}), for what
 * only a real process shows: signals (SIGINT, SIGTERM), exit codes set by {@code System.exit}, and
 * leftovers such as temporary files. stdout and stderr go to files; {@link #waitFor} returns both.
 */
public final class CliProcess implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;
    private final List<String> args;
    private final long started = System.nanoTime();

    private CliProcess(Process process, Path out, Path err, List<String> args) {
        this.process = process;
        this.out = out;
        this.err = err;
        this.args = args;
    }

    /** Starts {@code cachectl args} with {@code env} added to a clean environment (no REDIS_URL of ours). */
    public static CliProcess start(Path dir, Map<String, String> env, String... args) {
        return start(dir, env, null, args);
    }

    /** As {@link #start(Path, Map, String...)}, with standard input read from {@code stdin} (null: empty). */
    public static CliProcess start(Path dir, Map<String, String> env, Path stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Djava.io.tmpdir=" + dir,
                "-cp", System.getProperty("java.class.path"), "io.cachectl.Main"));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(stdin == null ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(stdin.toFile()));
            pb.environment().remove("REDIS_URL");
            pb.environment().put("NO_COLOR", "1");
            pb.environment().put("TMPDIR", dir.toString());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (stdin == null) {
                p.getOutputStream().close();
            }
            return new CliProcess(p, out, err, List.of(args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Sends {@code signal} ("TERM", "INT", "KILL", "STOP", "CONT") with kill(1). */
    public void signal(String signal) {
        signal(process.pid(), signal);
    }

    public static void signal(long pid, String signal) {
        try {
            Process k = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).redirectErrorStream(true).start();
            k.getInputStream().readAllBytes();
            k.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** What stderr holds so far. */
    public String errSoFar() {
        try {
            return Files.readString(err, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits at most {@code seconds}; a process still running then is killed and the wait fails. */
    public Result waitFor(double seconds) {
        try {
            boolean ended = process.waitFor(Math.round(seconds * 1000), TimeUnit.MILLISECONDS);
            double elapsed = (System.nanoTime() - started) / 1e9;
            if (!ended) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Result r = new Result(ended ? process.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), elapsed, args);
            if (!ended) {
                throw new AssertionError("cachectl " + String.join(" ", args) + " still ran after " + seconds
                        + " s (killed)" + r.dump());
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** Exit code, both streams and the wall time from start to exit. */
    public record Result(int exitCode, String out, String err, double seconds, List<String> args) {
        public Result expectExit(int expected) {
            if (exitCode != expected) {
                throw new AssertionError("cachectl " + String.join(" ", args) + ": expected exit " + expected
                        + " but got " + exitCode + dump());
            }
            return this;
        }

        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("stdout is not one JSON document: " + e.getMessage() + dump());
            }
        }

        public String dump() {
            return "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err + "\n--- " + seconds + " s";
        }
    }
}
