package io.cachectl.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.error.ExitCode;
import io.cachectl.testing.RedisExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** Shell completion of raw commands from COMMAND DOCS, option values, target names; "did you mean". */
class ShellCompletionLiveTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone();

    @Test
    void raw_commands_come_from_the_servers_command_docs_with_summaries() {
        Map<String, String> docs;
        try (Jedis j = redis.server().jedis()) {
            docs = RedisCommandNames.load(j);
        }
        assertThat(docs).containsKeys("HSET", "ZRANGE", "TYPE", "UNLINK", "GET", "XADD", "OBJECT")
                .doesNotContainKey("CONFIG|GET");
        assertThat(docs.get("UNLINK")).isNotBlank();
        assertThat(docs.size()).isGreaterThan(150);
        assertThat(RedisCommandNames.fallback()).containsKeys("HSET", "ZRANGE", "TYPE", "UNLINK");
        List<Candidate> first = complete(docs, "");
        assertThat(first.stream().map(Candidate::value)).contains("HSET", "ZRANGE", "stats");
        assertThat(first.stream().filter(c -> c.value().equals("help")).findFirst().orElseThrow().descr())
                .doesNotContain("%n").isEqualTo("When no COMMAND is given, the usage help for the main command is displayed.");
    }

    @Test
    void type_format_and_target_values_are_offered() {
        Map<String, String> docs = RedisCommandNames.fallback();
        assertThat(values(docs, "bigkeys --type ")).contains("string", "hash", "list", "set", "zset", "stream");
        assertThat(values(docs, "invalidate --type=")).contains("--type=zset");
        assertThat(values(docs, "warm --format ")).containsExactly("jsonl", "csv");
        assertThat(values(docs, "stats --target ")).containsExactly("prod-eu", "staging");
    }

    @Test
    void a_mistyped_command_gets_did_you_mean_and_is_not_sent_and_clear_is_the_shells() {
        String screen = ShellHarness.session(redis.server().url(), "bigkey\nstat --json\nclear\n> bigkey\nexit\n");
        assertThat(screen).contains("unknown command 'bigkey': did you mean bigkeys?",
                "unknown command 'stat': did you mean stats?", "(error) ERR unknown command 'BIGKEY'")
                .doesNotContain("unknown command 'clear'");
        ShellHarness h = new ShellHarness(redis.server().url(), "", null);
        try {
            assertThat(h.shell.execute("bigkey")).isEqualTo(ExitCode.USAGE);
        } finally {
            h.shell.close();
        }
    }

    private static List<String> values(Map<String, String> docs, String line) {
        return complete(docs, line).stream().map(Candidate::value).toList();
    }

    private static List<Candidate> complete(Map<String, String> docs, String line) {
        ShellHarness h = new ShellHarness(redis.server().url(), "", null);
        try {
            ShellCompleter c = new ShellCompleter(() -> h.shell.commandLine().getCommandSpec(), new KeyNames(10),
                    () -> null, () -> docs, () -> List.of("prod-eu", "staging"));
            LineReader reader = LineReaderBuilder.builder().terminal(h.terminal).build();
            List<Candidate> out = new ArrayList<>();
            c.complete(reader, new DefaultParser().parse(line, line.length(), Parser.ParseContext.COMPLETE), out);
            return out;
        } finally {
            h.shell.close();
        }
    }
}
