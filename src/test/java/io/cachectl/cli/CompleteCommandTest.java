package io.cachectl.cli;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.testing.RedisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** The hidden __complete command the bash and zsh scripts call. */
class CompleteCommandTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone();

    @TempDir
    static Path xdg;

    @BeforeAll
    static void data() throws Exception {
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
            j.set("user:profile:1", "a");
            j.set("user:session:9", "b");
            j.set("rate_limit:ip:1.2.3.4", "c");
        }
        Files.createDirectories(xdg.resolve("cachectl"));
        Files.writeString(xdg.resolve("cachectl/config.toml"), "[targets.prod-eu]\nurl = \"" + redis.server().url()
                + "\"\n[targets.staging]\nurl = \"redis://127.0.0.1:1\"\n");
    }

    static List<String> complete(String... words) {
        String[] args = new String[words.length + 2];
        args[0] = "__complete";
        args[1] = "--";
        System.arraycopy(words, 0, args, 2, words.length);
        return cli().url(redis.server().url()).env("XDG_CONFIG_HOME", xdg.toString()).run(args).ok().out().lines().toList();
    }

    @Test
    void keys_and_patterns_from_the_live_server_for_pattern_and_key_parameters() {
        assertThat(complete("invalidate", "us")).contains("user:*", "user:profile:*", "user:session:*",
                "user:profile:1", "user:session:9").doesNotContain("rate_limit:ip:1.2.3.4");
        assertThat(complete("bigkeys", "--match", "rate")).contains("rate_limit:*", "rate_limit:ip:*");
        assertThat(complete("--target", "prod-eu", "invalidate", "user:s")).contains("user:session:9");
    }

    @Test
    void an_unreachable_server_completes_nothing_quickly() {
        long t0 = System.nanoTime();
        assertThat(complete("--url", "redis://10.255.255.1:6379", "invalidate", "us")).isEmpty();
        assertThat(complete("--target", "staging", "invalidate", "us")).isEmpty();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000);
    }

    @Test
    void commands_options_values_targets_files_workloads() {
        assertThat(complete("")).contains("stats", "bigkeys", "targets").doesNotContain("__complete",
                "generate-completion");
        assertThat(complete("sta")).containsExactly("stats");
        assertThat(complete("stats", "--no-")).contains("--no-cluster", "--no-color");
        assertThat(complete("bigkeys", "--no-")).contains("--no-collapse-ids");
        assertThat(complete("--target", "")).containsExactly("prod-eu", "staging");
        assertThat(complete("targets", "use", "st")).containsExactly("staging");
        assertThat(complete("warm", "")).containsExactly(CompleteCommand.FILES);
        assertThat(complete("ttl-audit", "--policy", "")).containsExactly(CompleteCommand.FILES);
        assertThat(complete("invalidate", "--keys-from", "")).containsExactly(CompleteCommand.FILES);
        assertThat(complete("bench", "")).contains("get", "mixed", "cache-aside", "write-through");
        assertThat(complete("bigkeys", "--type", "s")).containsExactly("string", "set", "stream");
        assertThat(complete("warm", "--format=")).containsExactly("--format=jsonl", "--format=csv");
    }
}
