package io.cachectl.cli;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.error.ExitCode;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** The one confirmation gate, as invalidate and warm use it (their own tests cover the common paths). */
class ConfirmationTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone();

    @TempDir
    Path dir;

    private String url;

    @BeforeEach
    void reset() {
        url = redis.server().url();
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
            j.set("k:1", "old");
            j.set("k:2", "old");
        }
    }

    private long dbsize() {
        try (Jedis j = redis.server().jedis()) {
            return j.dbSize();
        }
    }

    @Test
    void on_a_terminal_a_key_list_on_stdin_still_needs_yes_because_stdin_cannot_answer() {
        Cli.Result r = cli().url(url).terminal("k:1\n").run("invalidate", "--keys-from", "-")
                .expectExit(ExitCode.USAGE);
        assertThat(r.err()).contains("refusing to delete without confirmation (stdin holds the key list)",
                "add --yes, or --dry-run to preview");
        assertThat(r.err()).doesNotContain("[y/N]");
        assertThat(dbsize()).isEqualTo(2);
        cli().url(url).terminal("k:1\n").run("invalidate", "--keys-from", "-", "--dry-run").ok();
        assertThat(dbsize()).isEqualTo(2);
    }

    @Test
    void off_a_terminal_the_refusal_names_the_reason_and_nothing_is_deleted() {
        Cli.Result r = cli().url(url).run("invalidate", "k:*").expectExit(ExitCode.USAGE);
        assertThat(r.err()).contains("refusing to delete without confirmation (not on a terminal)");
        assertThat(dbsize()).isEqualTo(2);
    }

    @Test
    void warm_from_stdin_on_a_terminal_needs_yes_but_nx_and_dry_run_ask_nothing() throws Exception {
        Cli.Result r = cli().url(url).terminal("{\"key\":\"k:1\",\"value\":1,\"ttl\":60}\n").run("warm", "-")
                .expectExit(ExitCode.USAGE);
        assertThat(r.err()).contains("pass --yes").doesNotContain("[y/N]");
        Path f = Files.writeString(dir.resolve("w.jsonl"), "{\"key\":\"k:1\",\"value\":1,\"ttl\":60}\n"
                + "{\"key\":\"k:3\",\"value\":3,\"ttl\":60}\n");
        Cli.Result nx = cli().url(url).terminal("").run("warm", f.toString(), "--nx").ok();
        assertThat(nx.err()).doesNotContain("[y/N]");
        Cli.Result dry = cli().url(url).terminal("").run("warm", f.toString(), "--dry-run").ok();
        assertThat(dry.err()).doesNotContain("[y/N]");
        try (Jedis j = redis.server().jedis()) {
            assertThat(j.get("k:1")).isEqualTo("old");
            assertThat(j.get("k:3")).isEqualTo("3");
        }
    }
}
