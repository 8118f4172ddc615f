package io.cachectl.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.RedisUrl;
import io.cachectl.error.ExitCode;
import io.cachectl.testing.Await;
import io.cachectl.testing.RedisExtension;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

class ShellTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone();

    String url;

    @BeforeEach
    void seed() {
        url = redis.server().url();
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
            j.set("user:1", "alice");
        }
    }

    @Test
    void runs_cachectl_commands_and_raw_redis_commands_in_one_session() {
        String screen = ShellHarness.session(url, "GET user:1\n> SET user:2 bob\nstats --json\ninfo keyspace\n"
                + "DBSIZE\nhelp\nexit\nGET user:2\n");
        assertThat(screen).contains("\"alice\"", "OK", "\"target\" : \"" + url + "\"", "db0:keys=2",
                "(integer) 2", "doctor", "watch", "connect");
        assertThat(screen).as("exit leaves before the last line").doesNotContain("\"bob\"");
    }

    @Test
    void watch_takes_repeat_and_the_old_count_with_a_warning() {
        String screen = ShellHarness.session(url, "watch --repeat 0\nwatch --count 0\nwatch --help\nhelp targets list\n");
        assertThat(screen).contains("--interval and --repeat must be positive",
                "warning: --count in watch is deprecated, use --repeat", "--repeat=N", "Usage: cachectl targets list");
        assertThat(screen.substring(screen.indexOf("Usage: cachectl watch"))).doesNotContain("--count");
    }

    @Test
    void errors_never_leave_the_shell() {
        String screen = ShellHarness.session(url, "stats --bogus\nINCR user:1\nNOSUCHCOMMAND x\n"
                + "connect redis://127.0.0.1:1\nGET user:1\n");
        assertThat(screen).contains("Unknown option: '--bogus'", "(error) ERR value is not an integer",
                "(error) ERR unknown command", "cannot connect to 127.0.0.1:1", "\"alice\"");
    }

    @Test
    void dangerous_command_asks_first_and_says_why() {
        String screen = ShellHarness.session(url, "FLUSHALL\nn\nDBSIZE\nKEYS *\ny\nMONITOR\nFLUSHDB\nyes\nDBSIZE\n");
        assertThat(screen).contains("FLUSHALL deletes every key", "[y/N]", "FLUSHALL not run", "(integer) 1",
                "KEYS walks the whole keyspace", "1) \"user:1\"", "MONITOR is not run by the shell",
                "(integer) 0");
    }

    @Test
    void piped_input_runs_line_by_line_without_prompt_or_escape_codes() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = io.cachectl.cli.CachectlCommand.run(ShellHarness.piped(
                "GET user:1\n# a comment\nFLUSHALL\nstats --json\n", out, err), "shell", "--url", url);
        assertThat(out.toString()).contains("\"alice\"", "\"mode\" : \"standalone\"").doesNotContain("cache ")
                .doesNotContain("\u001b");
        assertThat(err.toString()).contains("FLUSHALL refused without a terminal").doesNotContain("\u001b");
        assertThat(code).as("exit code of the last failed command").isEqualTo(ExitCode.USAGE);
    }

    @Test
    void ctrl_c_cancels_a_running_watch_and_the_shell_goes_on() throws Exception {
        ShellHarness h = new ShellHarness(url, "", null);
        h.shell.connect(url, ConnectionSettings.of(RedisUrl.parse(url)), true);
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> code.set(h.shell.execute("watch --interval 1s")));
        t.start();
        Await.until("watch has sampled the server", java.time.Duration.ofSeconds(20),
                () -> Await.cachectlRan(redis.server(), "info"));
        h.terminal.raise(Terminal.Signal.INT);
        t.join(5000);
        assertThat(t.isAlive()).as("watch still running after Ctrl-C").isFalse();
        assertThat(code.get()).isEqualTo(ExitCode.OK);
        assertThat(h.shell.execute("PING")).isEqualTo(ExitCode.OK);
        assertThat(h.screen()).contains("cachectl watch", "hit rate", "evictions/s", "PONG");
        h.shell.close();
    }

    @Test
    void prompt_names_target_db_and_role() {
        ShellHarness h = new ShellHarness(url, "", null);
        h.shell.connect(url, ConnectionSettings.of(RedisUrl.parse(url)), true);
        assertThat(h.shell.prompt()).isEqualTo("cache 127.0.0.1:" + redis.server().port() + "[0] primary> ");
        h.shell.close();
    }

    @Test
    void history_keeps_commands_but_never_secrets(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("history");
        ShellHarness h = new ShellHarness(url, "GET user:1\nAUTH hunter2\nconnect redis://:hunter2@127.0.0.1:"
                + redis.server().port() + "\nDBSIZE\n", file);
        h.shell.loop();
        h.shell.close();
        String history = Files.readString(file);
        assertThat(history).contains("GET user:1", "DBSIZE").doesNotContain("hunter2");
    }

    @Test
    void password_of_the_target_never_appears_on_screen() {
        try (io.cachectl.testing.RedisServer secured = io.cachectl.testing.RedisServer.builder()
                .requirePass("hunter2").start()) {
            String screen = ShellHarness.session(secured.url(null, "hunter2"), "stats --json\ndoctor --interval 0\n"
                    + "connect redis://:wrong@127.0.0.1:" + secured.port() + "\nPING\n");
            assertThat(screen).contains("PONG", "****", "authentication failed").doesNotContain("hunter2", "wrong");
        }
    }

    @Test
    void history_filter_recognises_secret_lines() {
        assertThat(HistoryFilter.isSecret("AUTH pw")).isTrue();
        assertThat(HistoryFilter.isSecret("> auth user pw")).isTrue();
        assertThat(HistoryFilter.isSecret("HELLO 3 AUTH u p")).isTrue();
        assertThat(HistoryFilter.isSecret("CONFIG SET requirepass x")).isTrue();
        assertThat(HistoryFilter.isSecret("ACL SETUSER app on >secret ~*")).isTrue();
        assertThat(HistoryFilter.isSecret("stats --url redis://app:pw@h:6379")).isTrue();
        assertThat(HistoryFilter.isSecret("connect rediss://pw@h:6380")).isTrue();
        assertThat(HistoryFilter.isSecret("connect redis://h:6380")).isFalse();
        assertThat(HistoryFilter.isSecret("GET user:auth")).isFalse();
        assertThat(HistoryFilter.isSecret("CONFIG SET maxmemory 1gb")).isFalse();
    }
}
