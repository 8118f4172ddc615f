package io.cachectl.shell;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.RedisUrl;
import io.cachectl.output.Console;
import io.cachectl.error.ExitCode;
import io.cachectl.testing.RedisExtension;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ShellTargetsTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone(b -> b.requirePass("s3cret"));

    @TempDir
    Path xdg;

    @Test
    void connect_name_uses_the_targets_password_command_and_the_prompt_shows_the_name() {
        cli().env("XDG_CONFIG_HOME", xdg.toString()).run("targets", "add", "prod-eu", "--url", redis.server().url(),
                "--password-command", "echo s3cret").ok();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true), new StringReader(""),
                Console.Terminals.NONE, Map.of("XDG_CONFIG_HOME", xdg.toString()));
        String start = "redis://127.0.0.1:1";
        try (Shell shell = Shell.on(console, null, new Shell.Start(io.cachectl.cli.ShellCommand.HOST, start, ConnectionSettings.of(RedisUrl.parse(start)), null))
                .withoutBackgroundKeys()) {
            assertThat(shell.execute("connect prod-eu")).isEqualTo(ExitCode.OK);
            assertThat(shell.prompt()).contains("cache prod-eu[0] primary>");
            assertThat(shell.execute("SET k v")).isEqualTo(ExitCode.OK);
            assertThat(shell.execute("stats --json --latency-samples 1")).isEqualTo(ExitCode.OK);
            assertThat(shell.execute("connect prod-us")).isEqualTo(ExitCode.USAGE);
        }
        assertThat(out.toString()).contains("OK", "\"target\" : \"redis://:****@127.0.0.1:" + redis.server().port() + "\"");
        assertThat(out + err.toString()).doesNotContain("s3cret").contains("no target named 'prod-us'");
    }
}
