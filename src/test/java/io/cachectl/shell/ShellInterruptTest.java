package io.cachectl.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.cli.Interrupts;
import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.RedisUrl;
import io.cachectl.error.ExitCode;
import io.cachectl.testing.RedisExtension;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Ctrl-C inside the shell stops a command the way it does on the command line: every thread that
 * polls {@code Interrupts.requested()} sees it (not only the interrupted command thread), the partial
 * summary and the "interrupted" line are printed, the command ends with 130, and the next command
 * runs normally because the request is cleared.
 */
class ShellInterruptTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone();

    static final int KEYS = 20_000;

    ShellHarness h;

    @BeforeAll
    static void populate() {
        try (Jedis j = redis.server().jedis(); Pipeline p = j.pipelined()) {
            for (int i = 0; i < KEYS; i++) {
                p.set("user:profile:" + i, "v" + i);
            }
            p.sync();
        }
    }

    @BeforeEach
    void open() {
        String url = redis.server().url();
        h = new ShellHarness(url, "", null);
        h.shell.connect(url, ConnectionSettings.of(RedisUrl.parse(url)), true);
    }

    @AfterEach
    void close() {
        h.shell.close();
    }

    @Test
    void ctrl_c_stops_a_throttled_invalidate_with_the_interrupted_summary_and_the_next_command_runs() throws Exception {
        long scansBefore = scanCalls();
        AtomicInteger code = new AtomicInteger(-1);
        // 20,000 keys at 500 keys/s: 40 s unless Ctrl-C stops it
        Thread t = new Thread(() -> code.set(h.shell.execute("invalidate 'user:*' --dry-run --rate 500")));
        t.start();
        long until = System.nanoTime() + 10_000_000_000L;
        while (scanCalls() == scansBefore && System.nanoTime() < until) {
            Thread.sleep(20); // the command is running once the server has seen its first SCAN
        }
        assertThat(scanCalls()).as("invalidate started scanning").isGreaterThan(scansBefore);
        long pressed = System.nanoTime();
        h.terminal.raise(Terminal.Signal.INT);
        t.join(10_000);
        assertThat(t.isAlive()).as("invalidate still running 10 s after Ctrl-C").isFalse();
        assertThat((System.nanoTime() - pressed) / 1_000_000).as("ms from Ctrl-C to the prompt").isLessThan(3000);
        assertThat(code.get()).isEqualTo(ExitCode.INTERRUPTED);
        String screen = h.screen();
        assertThat(screen).contains("dry run:", "nothing was deleted", "interrupted: counted",
                "keys before Ctrl-C; run the same command again to continue");
        assertThat(Interrupts.requested()).as("the stop request is cleared when the command ends").isFalse();

        assertThat(h.shell.execute("invalidate 'user:*' --dry-run --json")).isEqualTo(ExitCode.OK);
        Matcher matched = Pattern.compile("\"matched\" : (\\d+)").matcher(h.screen());
        long last = -1;
        while (matched.find()) {
            last = Long.parseLong(matched.group(1));
        }
        assertThat(last).as("the next command counts every key: it was not cancelled").isEqualTo(KEYS);
        try (Jedis j = redis.server().jedis()) {
            assertThat(j.dbSize()).isEqualTo(KEYS);
        }
    }

    @Test
    void ctrl_c_stops_warm_mid_write_with_the_resume_line(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < 1_500_000; i++) {
                w.write("{\"key\":\"w:" + i + "\",\"value\":\"" + "x".repeat(50) + "\",\"ttl\":600}\n");
            }
        }
        String db1 = redis.server().url() + "/1"; // keeps db 0 as the other tests expect it
        h.shell.close();
        h = new ShellHarness(db1, "", null);
        h.shell.connect(db1, ConnectionSettings.of(RedisUrl.parse(db1)), true);
        long setsBefore = calls("set");
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> code.set(h.shell.execute("warm " + file + " --yes")));
        t.start();
        long until = System.nanoTime() + 20_000_000_000L;
        while (calls("set") == setsBefore && System.nanoTime() < until) {
            Thread.sleep(20); // validation is over and the writers have started
        }
        h.terminal.raise(Terminal.Signal.INT);
        t.join(10_000);
        assertThat(t.isAlive()).as("warm still running 10 s after Ctrl-C").isFalse();
        assertThat(code.get()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(h.screen()).contains("interrupted", "continue with --resume-from");
        assertThat(Interrupts.requested()).isFalse();
        try (Jedis j = redis.server().jedis()) {
            j.select(1);
            assertThat(j.dbSize()).as("stopped part-way").isLessThan(1_500_000);
            j.flushDB();
        }
    }

    @Test
    void ctrl_c_between_commands_cancels_nothing() {
        h.terminal.raise(Terminal.Signal.INT);
        assertThat(Interrupts.requested()).isFalse();
        assertThat(h.shell.execute("ttl-audit --json")).isEqualTo(ExitCode.OK);
        assertThat(h.screen()).contains("\"completed\" : true").doesNotContain("interrupted: the report");
    }

    private long scanCalls() {
        return calls("scan");
    }

    private long calls(String command) {
        try (Jedis j = redis.server().jedis()) {
            Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(j.info("commandstats"));
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        }
    }
}
