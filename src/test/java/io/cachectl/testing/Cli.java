package io.cachectl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.cli.CachectlCommand;
import io.cachectl.output.Console;
import io.cachectl.output.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs cachectl the way users do — through the picocli entry point — with captured streams. */
public final class Cli {
    private final Map<String, String> env = new HashMap<>();
    private Console.Terminals terminals = Console.Terminals.NONE;
    private String stdin = "";
    private byte[] stdinBytes;

    public static Cli cli() {
        return new Cli();
    }

    public Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Cli url(String url) {
        return env("REDIS_URL", url);
    }

    /** Data on stdin (not a terminal). */
    public Cli stdin(String input) {
        this.stdin = input;
        return this;
    }

    /** Pretend to be on a terminal (stdin, stdout, stderr) with {@code input} typed by the user. */
    public Cli terminal(String input) {
        this.terminals = new Console.Terminals(true, true, true);
        this.stdin = input;
        return this;
    }

    /** Bytes piped to standard input (not a terminal), e.g. the data of {@code warm -}. */
    public Cli stdin(byte[] data) {
        this.stdinBytes = data;
        return this;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true),
                new java.io.ByteArrayInputStream(stdinBytes != null ? stdinBytes
                        : stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)), terminals, Map.copyOf(env));
        int code = CachectlCommand.run(console, args);
        return new Result(code, out.toString(), err.toString(), List.of(args));
    }

    /** Exit code and both streams; assertion helpers print everything on failure. */
    public record Result(int exitCode, String out, String err, List<String> args) {
        public Result expectExit(int expected) {
            if (exitCode != expected) {
                throw new AssertionError("cachectl " + String.join(" ", args) + ": expected exit " + expected
                        + " but got " + exitCode + dump());
            }
            return this;
        }

        public Result ok() {
            return expectExit(0);
        }

        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("stdout is not one JSON document: " + e.getMessage() + dump());
            }
        }

        public List<JsonNode> jsonLines() {
            List<JsonNode> docs = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        docs.add(Json.MAPPER.readTree(line));
                    } catch (Exception e) {
                        throw new AssertionError("not a JSON line: " + line + dump());
                    }
                }
            }
            return docs;
        }

        public String all() {
            return out + err;
        }

        public String dump() {
            return "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }
}
