package io.cachectl.shell;

import static io.cachectl.testing.Tmux.onPath;
import io.cachectl.testing.Tmux;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cachectl.testing.RedisExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * End to end: the real shell (no arguments on a terminal) in a tmux pane, driven with send-keys
 * (typing, Tab, Enter) and read with capture-pane. Runs when tmux is installed (.ci/run installs it);
 * the JVM runs from the test classpath, so no jar is needed.
 */
class ShellTmuxTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone(b -> b.maxmemory("64mb").policy("allkeys-lru"));

    @TempDir
    Path dir;

    private final String socket = "cachectl-test-" + ProcessHandle.current().pid();

    @AfterEach
    void killTmux() throws Exception {
        tmux("kill-server");
    }

    @Test
    void shell_in_a_real_terminal_completes_runs_confirms_and_exits() throws Exception {
        assumeTrue(onPath("tmux"), "tmux not installed");
        try (Jedis j = redis.server().jedis()) {
            j.set("user:profile:42", "alice");
        }
        startShell();
        String prompt = "[0] primary>";
        awaitScreen(s -> s.contains(prompt), "prompt");

        keys("sta", "Tab");
        awaitScreen(s -> s.contains("primary> stats"), "command completed by Tab");
        keys("--lat", "Tab");
        awaitScreen(s -> s.contains("stats --latency-samples"), "option completed by Tab");
        keys("10", "Enter");
        awaitScreen(s -> s.contains("Targets") && s.contains("PING ×10"), "stats output");

        keys("GET user:pro", "Tab");
        awaitScreen(s -> s.contains("GET user:profile:42"), "key name completed from the SCAN list");
        keys("Enter");
        awaitScreen(s -> s.contains("\"alice\""), "raw command reply");

        keys("FLUSHALL", "Enter");
        awaitScreen(s -> s.contains("FLUSHALL deletes every key") && s.contains("[y/N]"), "confirmation");
        keys("n", "Enter");
        awaitScreen(s -> s.contains("FLUSHALL not run"), "declined");

        keys("stats --bogus", "Enter");
        awaitScreen(s -> s.contains("Unknown option: '--bogus'"), "error shown");
        keys("DBSIZE", "Enter");
        awaitScreen(s -> s.contains("(integer) 1"), "shell survived the error");

        keys("exit", "Enter");
        awaitScreen(s -> !tmuxAlive(), "shell left");
        assertThat(Files.readString(dir.resolve("history"))).contains("DBSIZE", "GET user:profile:42");
    }

    @Test
    void ctrl_c_in_a_real_terminal_stops_the_running_command_and_returns_to_the_prompt() throws Exception {
        assumeTrue(onPath("tmux"), "tmux not installed");
        try (Jedis j = redis.server().jedis(); Pipeline p = j.pipelined()) {
            j.flushAll();
            for (int i = 0; i < 20_000; i++) {
                p.set("item:" + i, "v" + i);
            }
            p.sync();
        }
        try {
            startShell();
            String prompt = "[0] primary>";
            awaitScreen(s -> s.contains(prompt), "prompt");

            Thread.sleep(1000); // the shell's background SCAN for key names (at connect) is over

            // 20,000 keys at 500 keys/s would take 40 s
            runThenCtrlC("invalidate 'item:*' --dry-run --rate 500", "scan");
            awaitScreen(s -> s.contains("interrupted: counted") && atPrompt(s), "invalidate interrupted");

            runThenCtrlC("bigkeys --rate 1000", "scan");
            awaitScreen(s -> s.contains("interrupted: the report above covers") && atPrompt(s),
                    "bigkeys interrupted");

            runThenCtrlC("bench get --duration 30s -c 2 -r 1000", "get");
            awaitScreen(s -> s.contains("[interrupted]") && s.contains("bench keys deleted")
                    && atPrompt(s), "bench interrupted");

            keys("DBSIZE", "Enter");
            awaitScreen(s -> s.contains("(integer) 20000"), "the next command runs; nothing was deleted");
            keys("exit", "Enter");
            awaitScreen(s -> !tmuxAlive(), "shell left");
        } finally {
            try (Jedis j = redis.server().jedis()) {
                j.flushAll();
            }
        }
    }

    /** The last line on screen is the prompt: the command has ended. */
    private static boolean atPrompt(String screen) {
        String[] lines = screen.strip().split("\n");
        return lines[lines.length - 1].strip().endsWith("primary>");
    }

    /** Types {@code line}, waits until the server has run {@code command} for it (it is running), then Ctrl-C. */
    private void runThenCtrlC(String line, String command) throws Exception {
        long before = calls(command);
        keys(line, "Enter");
        for (int i = 0; i < 150 && calls(command) == before; i++) {
            Thread.sleep(100);
        }
        assertThat(calls(command)).as(line + ": started").isGreaterThan(before);
        Thread.sleep(300);
        keys("C-c");
    }

    private long calls(String command) {
        try (Jedis j = redis.server().jedis()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("cmdstat_" + command + ":calls=(\\d+)")
                    .matcher(j.info("commandstats"));
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        }
    }

    /** SIGTERM (kill, systemd, a CI timeout) ends the shell with 143 and JLine gives the terminal back. */
    @Test
    void sigterm_ends_the_shell_with_143_and_leaves_the_terminal_usable() throws Exception {
        assumeTrue(onPath("tmux"), "tmux not installed");
        Path script = dir.resolve("term.sh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\nexport REDIS_URL='" + redis.server().url() + "'\n"
                + "export CACHECTL_HISTORY='" + dir.resolve("history") + "'\nexport TERM=xterm-256color\n"
                + "'" + java + "' -Dcachectl.test.tag=" + socket + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
                + System.getProperty("java.class.path") + "' io.cachectl.Main\n"
                + "echo \"EXIT=$?\"\nstty -a | grep -o -- '-*icanon' | sed 's/^/MODE=/'\nsleep 30\n");
        script.toFile().setExecutable(true);
        tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "40", script.toString());
        awaitScreen(s -> s.contains("primary>"), "prompt");
        ProcessHandle shell = ProcessHandle.allProcesses()
                .filter(ph -> ph.info().arguments().map(a -> List.of(a).contains("-Dcachectl.test.tag=" + socket))
                        .orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("shell process not found"));
        new ProcessBuilder("kill", "-TERM", String.valueOf(shell.pid())).start().waitFor();
        awaitScreen(s -> s.contains("MODE="), "the shell's exit");
        String screen = tmux("capture-pane", "-p", "-t", "t", "-S", "-200");
        assertThat(screen).contains("EXIT=143").contains("MODE=icanon").doesNotContain("MODE=-icanon");
    }

    private void startShell() throws Exception {
        Path script = dir.resolve("run.sh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\nexport REDIS_URL='" + redis.server().url() + "'\n"
                + "export CACHECTL_HISTORY='" + dir.resolve("history") + "'\nexport TERM=xterm-256color\n"
                + "exec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
                + System.getProperty("java.class.path") + "' io.cachectl.Main\n");
        script.toFile().setExecutable(true);
        tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "40", script.toString());
    }

    private void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "t", "--"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    private void awaitScreen(Predicate<String> ready, String what) throws Exception {
        String screen = "";
        for (int i = 0; i < 150; i++) {
            if (!tmuxAlive()) {
                if (ready.test(screen)) {
                    return;
                }
                break;
            }
            screen = tmux("capture-pane", "-p", "-t", "t", "-S", "-200");
            if (ready.test(screen)) {
                return;
            }
            Thread.sleep(100);
        }
        if (ready.test(screen)) {
            return;
        }
        throw new AssertionError("timed out waiting for " + what + "; screen:\n" + screen);
    }

    private boolean tmuxAlive() {
        try {
            Process p = new ProcessBuilder("tmux", "-L", socket, "has-session", "-t", "t")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private String tmux(String... args) throws Exception {
        return Tmux.run(socket, args);
    }
}
