package io.cachectl.cli;

import static io.cachectl.testing.Tmux.onPath;
import io.cachectl.testing.Tmux;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cachectl.testing.RedisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * End to end: the committed completion scripts in a real bash and zsh inside tmux, Tab pressed with
 * send-keys, each completion answered by 'cachectl __complete' running from the test classpath against
 * a live server: key names from SCAN, target names, files, option values, --no- options.
 */
class CompletionTmuxTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone();

    @TempDir
    Path dir;

    private final String socket = "cachectl-compl-" + ProcessHandle.current().pid();

    @BeforeEach
    void setUp() throws Exception {
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
            j.set("user:profile:42", "alice");
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path exe = bin.resolve("cachectl");
        Files.writeString(exe, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp '"
                + System.getProperty("java.class.path") + "' io.cachectl.Main \"$@\"\n");
        exe.toFile().setExecutable(true);
        Path config = Files.createDirectories(dir.resolve("xdg/cachectl")).resolve("config.toml");
        Files.writeString(config, "[targets.prod-eu]\nurl = \"" + redis.server().url() + "\"\n");
        config.toFile().setReadable(false, false);
        config.toFile().setReadable(true, true);
        Files.writeString(dir.resolve("data.jsonl"), "{\"key\":\"k\",\"value\":\"v\"}\n");
    }

    @AfterEach
    void killTmux() throws Exception {
        tmux("kill-server");
    }

    @Test
    void bash_completes_keys_targets_files_values_and_negated_options_from_the_live_server() throws Exception {
        assumeTrue(onPath("tmux") && onPath("bash"), "tmux or bash not installed");
        start("bash --norc --noprofile", "source '" + Path.of("completions/cachectl.bash").toAbsolutePath() + "'");
        exercise();
    }

    @Test
    void zsh_completes_keys_targets_files_values_and_negated_options_from_the_live_server() throws Exception {
        assumeTrue(onPath("tmux") && onPath("zsh"), "tmux or zsh not installed");
        start("zsh -f", "source '" + Path.of("completions/cachectl.zsh").toAbsolutePath() + "'");
        exercise();
    }

    private void exercise() throws Exception {
        complete("cachectl invalidate user:pro", "cachectl invalidate user:profile:");
        complete("cachectl --target pro", "cachectl --target prod-eu ");
        complete("cachectl warm da", "cachectl warm data.jsonl");
        complete("cachectl stats --no-cl", "cachectl stats --no-cluster ");
        complete("cachectl bigkeys --type zs", "cachectl bigkeys --type zset ");
        complete("cachectl sta", "cachectl stats ");
    }

    /** Types {@code typed}, presses Tab, waits for {@code expected} on the prompt line, clears the line. */
    private void complete(String typed, String expected) throws Exception {
        keys(typed, "Tab");
        String want = expected.stripTrailing(); // capture-pane drops trailing spaces
        awaitScreen(s -> s.lines().anyMatch(l -> l.stripTrailing().equals("$ " + want) || l.stripTrailing().equals("% " + want)),
                typed + " + Tab -> " + expected);
        keys("C-e", "C-u");
        awaitScreen(s -> s.strip().endsWith("$") || s.strip().endsWith("%"), "line cleared");
    }

    private void start(String shell, String source) throws Exception {
        Path rc = dir.resolve("start.sh");
        Files.writeString(rc, "cd '" + dir + "'\nexport PATH='" + dir.resolve("bin") + "':$PATH\n"
                + "export REDIS_URL='" + redis.server().url() + "'\nexport XDG_CONFIG_HOME='" + dir.resolve("xdg") + "'\n"
                + "export PS1='$ ' PROMPT='%% '\n" + source + "\nclear\n");
        String started = tmux("new-session", "-d", "-s", "t", "-x", "150", "-y", "40", shell);
        if (!started.isBlank()) {
            throw new AssertionError("tmux: " + started);
        }
        keys(". '" + rc + "'", "Enter");
        awaitScreen(s -> s.strip().equals("$") || s.strip().equals("%"), "shell ready");
    }

    private void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "t", "--"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    private void awaitScreen(Predicate<String> ready, String what) throws Exception {
        String screen = "";
        for (int i = 0; i < 200; i++) {
            screen = tmux("capture-pane", "-p", "-t", "t");
            if (ready.test(screen)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; screen:\n" + screen.strip() + "\n[" + screen.strip().length() + " chars]");
    }

    private String tmux(String... args) throws Exception {
        return Tmux.run(socket, args);
    }
}
