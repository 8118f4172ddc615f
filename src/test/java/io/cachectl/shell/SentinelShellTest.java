package io.cachectl.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.connect.ConnectionSettings;
import io.cachectl.error.ExitCode;
import io.cachectl.testing.RedisExtension;
import io.cachectl.testing.RedisSentinels;
import io.cachectl.testing.RedisServer;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class SentinelShellTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.withSentinels();

    @Test
    void shell_follows_a_failover_to_the_new_primary_and_says_so() {
        RedisSentinels s = redis.sentinels();
        String before = RedisSentinels.address(s.primary());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ConnectionSettings settings = ConnectionSettings.parse(s.url(), null, false, 5000, 5000,
                ConnectionSettings.ClusterMode.AUTO);
        try (Shell shell = Shell.on(ShellHarness.piped("", out, err), null, new Shell.Start(io.cachectl.cli.ShellCommand.HOST, s.url(), settings, null))
                .withoutBackgroundKeys()) {
            assertThat(shell.connect(s.url(), settings, true)).isTrue();
            assertThat(shell.prompt()).contains("mymaster@" + before + "[0] primary");
            assertThat(shell.execute("SET k before")).isEqualTo(ExitCode.OK);
            RedisServer next = s.failover();
            String after = RedisSentinels.address(next);
            assertThat(shell.execute("SET k after")).isEqualTo(ExitCode.OK);
            assertThat(err.toString()).contains("failover: the primary of 'mymaster' moved from " + before + " to " + after);
            assertThat(shell.prompt()).contains("mymaster@" + after + "[0] primary");
            assertThat(shell.execute("stats --json --latency-samples 3")).isEqualTo(ExitCode.OK);
            assertThat(out.toString()).contains("\"primary\" : \"" + after + "\"");
            try (Jedis j = next.jedis()) {
                assertThat(j.get("k")).isEqualTo("after");
            }
        }
    }
}
