package io.cachectl.cli;

import io.cachectl.input.Suggest;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.error.ExitCode;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** Options before the command, --version everywhere, one stderr line per failed --check, closest typo first. */
class GlobalOptionsTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone();

    @BeforeAll
    static void data() {
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
            j.set("big:1", "x".repeat(4000));
            j.setex("small:1", 60, "y");
        }
    }

    @Test
    void connection_and_output_options_work_before_the_command() {
        String url = redis.server().url();
        assertThat(cli().run("--json", "--url", url, "stats", "--latency-samples", "1").ok().json().get("target").asText())
                .isEqualTo(url);
        assertThat(cli().run("-u", url, "bigkeys", "--json").ok().json().get("keys_scanned").asLong()).isEqualTo(2);
        assertThat(cli().url("redis://127.0.0.1:1").run("--url", url, "--json", "targets", "list").exitCode())
                .isEqualTo(ExitCode.OK);
        // the command's own option wins over one given before it
        assertThat(cli().run("--url", "redis://127.0.0.1:1", "stats", "--url", url, "--json", "--latency-samples", "1")
                .ok().json().get("target").asText()).isEqualTo(url);
    }

    @Test
    void version_works_on_every_command() {
        for (String cmd : new String[] {"stats", "bigkeys", "targets", "shell"}) {
            assertThat(cli().run(cmd, "--version").ok().out()).as(cmd).startsWith("cachectl ");
        }
    }

    @Test
    void a_failed_check_says_what_failed_in_one_stderr_line_even_with_json_on_stdout() {
        String url = redis.server().url();
        Cli.Result stats = cli().url(url).run("stats", "--check", "--json", "--latency-samples", "3",
                "--max-latency-ms", "0.000001").expectExit(ExitCode.CHECK_FAILED);
        stats.json();
        assertThat(stats.err().lines().filter(l -> l.startsWith("check failed:")).toList())
                .singleElement().asString().contains("latency", "(target < 0");
        Cli.Result big = cli().url(url).run("bigkeys", "--check", "--json", "--threshold", "1KB")
                .expectExit(ExitCode.CHECK_FAILED);
        big.json();
        assertThat(big.err()).contains("check failed: 1 key over 1.0 KB: big:1 (");
        Cli.Result ttl = cli().url(url).run("ttl-audit", "--check", "--json").expectExit(ExitCode.CHECK_FAILED);
        ttl.json();
        assertThat(ttl.err().lines().filter(l -> l.startsWith("check failed:")).toList()).singleElement()
                .asString().contains("1 key violates the TTL policy");
        assertThat(cli().url(url).run("stats", "--check", "--latency-samples", "1").ok().err()).doesNotContain("check failed");
    }

    @Test
    void typo_suggestions_name_the_closest_first_and_only_close_ones() {
        assertThat(cli().run("stat").expectExit(ExitCode.USAGE).err()).contains("Did you mean: stats?")
                .doesNotContain("invalidate");
        assertThat(cli().run("bigkey").expectExit(ExitCode.USAGE).err()).contains("Did you mean: bigkeys?");
        assertThat(cli().run("stats", "--jsno").expectExit(ExitCode.USAGE).err()).contains("Did you mean: --json?");
        assertThat(cli().run("stats", "--intervall", "5").expectExit(ExitCode.USAGE).err())
                .contains("Did you mean: --interval?");
        assertThat(Suggest.closest("targts", java.util.List.of("stats", "targets", "ttl-audit"), 3))
                .startsWith("targets");
    }
}
