package io.cachectl.output;

import static io.cachectl.testing.Tmux.onPath;
import io.cachectl.testing.Tmux;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cachectl.testing.RedisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * A throttled bigkeys in a real 80-column terminal (tmux, COLUMNS not exported, as from bash): the
 * progress bar takes its width from the terminal, so its redraws never wrap and leave no stacked lines.
 */
class ProgressWidthTmuxTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone();

    @TempDir
    Path dir;

    private final String socket = "cachectl-progress-" + ProcessHandle.current().pid();

    @AfterEach
    void killTmux() throws Exception {
        tmux("kill-server");
    }

    @Test
    void a_throttled_scan_on_80_columns_leaves_no_stacked_progress_lines() throws Exception {
        assumeTrue(onPath("tmux"), "tmux not installed");
        try (Jedis j = redis.server().jedis(); Pipeline p = j.pipelined()) {
            j.flushAll();
            for (int i = 0; i < 6000; i++) {
                p.set("user:profile:" + i, "v" + i);
            }
            p.sync();
        }
        Path script = dir.resolve("run.sh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\nunset COLUMNS LINES\nexport TERM=xterm-256color NO_COLOR=1\n'" + java
                + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dcachectl.tty=in,out,err -cp '"
                + System.getProperty("java.class.path") + "' io.cachectl.Main bigkeys --url '" + redis.server().url()
                + "' --rate 2000 --count 100 > '" + dir.resolve("out.txt") + "'\necho EXIT=$?\nsleep 30\n");
        script.toFile().setExecutable(true);
        tmux("new-session", "-d", "-s", "t", "-x", "80", "-y", "40", script.toString());
        String screen = "";
        for (int i = 0; i < 300 && !screen.contains("EXIT="); i++) {
            Thread.sleep(100);
            screen = tmux("capture-pane", "-p", "-t", "t");
        }
        assertThat(screen).contains("EXIT=0");
        List<String> barLines = screen.lines().filter(l -> l.contains("bigkeys") || l.contains("keys/s")).toList();
        assertThat(barLines).as("progress lines left on an 80-column screen:\n" + screen).isEmpty();
        assertThat(Files.readString(dir.resolve("out.txt"))).contains("6,000 of 6,000 keys scanned");
    }

    private String tmux(String... args) throws Exception {
        return Tmux.run(socket, args);
    }
}
