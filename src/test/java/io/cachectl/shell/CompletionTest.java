package io.cachectl.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.Connector;
import io.cachectl.connect.RedisUrl;
import io.cachectl.connect.Target;
import io.cachectl.testing.RedisExtension;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class CompletionTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone();

    static ShellHarness harness;
    static ShellCompleter completer;
    static LineReader reader;
    static KeyNames keys = new KeyNames(100);

    @BeforeAll
    static void setUp() {
        try (Jedis j = redis.server().jedis()) {
            j.set("user:profile:1", "a");
            j.set("user:profile:2", "b");
            j.set("session:9", "c");
        }
        harness = new ShellHarness(redis.server().url(), "", null);
        completer = new ShellCompleter(() -> harness.shell.commandLine().getCommandSpec(), keys,
                () -> "redis://127.0.0.1:" + redis.server().port());
        reader = LineReaderBuilder.builder().terminal(harness.terminal).build();
        try (Target t = Connector.open(ConnectionSettings.of(RedisUrl.parse(redis.server().url())))) {
            keys.refresh(t, 1000);
        }
    }

    @AfterAll
    static void tearDown() {
        harness.shell.close();
    }

    static List<String> complete(String line) {
        List<Candidate> out = new ArrayList<>();
        completer.complete(reader, new DefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE), out);
        return out.stream().map(Candidate::value).toList();
    }

    @Test
    void first_word_offers_every_registered_command_shell_commands_and_redis_commands() {
        assertThat(complete("")).contains("stats", "doctor", "watch", "connect", "info", "exit", "help", "GET")
                .doesNotContain("shell", "generate-completion");
    }

    @Test
    void options_of_the_command_being_typed() {
        assertThat(complete("stats --")).contains("--interval", "--json", "--url", "--cluster", "--no-cluster",
                "--min-hit-rate");
        assertThat(complete("doctor --")).contains("--check", "--interval", "--json");
    }

    @Test
    void option_values_in_both_forms() {
        assertThat(complete("stats --interval ")).contains("5s", "1m");
        assertThat(complete("stats --interval=")).contains("--interval=5s", "--interval=1m");
        assertThat(complete("watch --interval=")).contains("--interval=2s");
        assertThat(complete("stats --url ")).contains("redis://127.0.0.1:" + redis.server().port());
        assertThat(complete("stats --latency-samples ")).contains("100");
    }

    @Test
    void positional_values() {
        assertThat(complete("info ")).contains("memory", "keyspace", "stats");
        assertThat(complete("connect ")).contains("redis://127.0.0.1:" + redis.server().port());
        assertThat(complete("help ")).contains("stats", "doctor");
    }

    @Test
    void key_names_from_the_scanned_most_recent_list() {
        assertThat(complete("GET user:")).contains("user:profile:1", "user:profile:2").doesNotContain("session:9");
        assertThat(complete("> TTL ses")).contains("session:9");
        assertThat(keys.patterns("user")).contains("user:*", "user:profile:*");
    }

    @Test
    void key_list_is_bounded_and_most_recent_first() {
        KeyNames small = new KeyNames(3);
        small.remember(List.of("a:1", "a:2", "a:3", "a:4"));
        assertThat(small.size()).isEqualTo(3);
        assertThat(small.matching("a:", 10)).containsExactly("a:4", "a:3", "a:2");
    }
}
