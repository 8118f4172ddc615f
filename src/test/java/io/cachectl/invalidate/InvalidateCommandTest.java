package io.cachectl.invalidate;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.error.ExitCode;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class InvalidateCommandTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone();

    static final List<String> KEYS = List.of(
            "user:profile:1", "user:profile:2", "user:profile:10", "user:profiles", "user:settings:1",
            "session:a", "session:b", "session:ab", "rate_limit:ip:1.2.3.4", "x*y", "x?y", "xay", "x[y]",
            "config:flags");

    private String url;

    @BeforeEach
    void seed() {
        url = redis.server().url();
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
            KEYS.forEach(k -> j.set(k, "v"));
            j.hset("user:profile:h", "f", "v");
        }
    }

    private Set<String> remaining() {
        try (Jedis j = redis.server().jedis()) {
            return new TreeSet<>(j.keys("*")); // test-side check only; cachectl never uses KEYS
        }
    }

    private Set<String> without(String... gone) {
        Set<String> s = new TreeSet<>(KEYS);
        s.add("user:profile:h");
        for (String g : gone) {
            s.remove(g);
        }
        return s;
    }

    @Test
    void invalidate_deletes_exactly_the_keys_matching_redis_glob_semantics() {
        cli().url(url).run("invalidate", "user:profile:?", "--yes").ok();
        assertThat(remaining()).isEqualTo(without("user:profile:1", "user:profile:2", "user:profile:h"));
        cli().url(url).run("invalidate", "session:[^a]", "--yes").ok();
        assertThat(remaining()).doesNotContain("session:b").contains("session:a", "session:ab");
        cli().url(url).run("invalidate", "x\\*y", "--yes").ok(); // escaped: the literal key x*y only
        assertThat(remaining()).doesNotContain("x*y").contains("x?y", "xay", "x[y]");
        cli().url(url).run("invalidate", "x\\[y]", "--yes").ok();
        assertThat(remaining()).doesNotContain("x[y]").contains("x?y", "xay");
    }

    @Test
    void json_summary_has_the_contract_fields() {
        JsonNode r = cli().url(url).run("invalidate", "user:profile:*", "--yes", "--json").ok().json();
        assertThat(r.get("pattern").asText()).isEqualTo("user:profile:*");
        assertThat(r.get("dry_run").asBoolean()).isFalse();
        assertThat(r.get("matched").asLong()).isEqualTo(4);
        assertThat(r.get("deleted").asLong()).isEqualTo(4);
        assertThat(r.get("nodes")).hasSize(1);
        assertThat(r.at("/nodes/0/node").asText()).isEqualTo("127.0.0.1:" + redis.server().port());
        assertThat(r.at("/nodes/0/matched").asLong()).isEqualTo(4);
        assertThat(r.at("/nodes/0/deleted").asLong()).isEqualTo(4);
        assertThat(remaining()).isEqualTo(without("user:profile:1", "user:profile:2", "user:profile:10",
                "user:profile:h"));
    }

    @Test
    void type_filter_restricts_deletion() {
        cli().url(url).run("invalidate", "user:profile:*", "--type", "hash", "--yes").ok();
        assertThat(remaining()).isEqualTo(without("user:profile:h"));
    }

    @Test
    void dry_run_counts_samples_and_deletes_nothing() {
        Cli.Result r = cli().url(url).run("invalidate", "session:*", "--dry-run", "--with-memory", "--json").ok();
        assertThat(r.json().get("dry_run").asBoolean()).isTrue();
        assertThat(r.json().get("matched").asLong()).isEqualTo(3);
        assertThat(r.json().get("deleted").asLong()).isZero();
        assertThat(r.json().get("bytes").asLong()).isPositive();
        assertThat(r.json().get("sample")).hasSize(3);
        assertThat(remaining()).isEqualTo(without());
        String human = cli().url(url).run("invalidate", "session:*", "-n").ok().out();
        assertThat(human).contains("dry run", "3 keys", "nothing was deleted");
    }

    @Test
    void old_dash_n_still_means_dry_run_with_a_warning_on_stderr_only() {
        Cli.Result old = cli().url(url).run("invalidate", "session:*", "-n", "--json").ok();
        assertThat(old.json().get("dry_run").asBoolean()).isTrue();
        assertThat(old.json().get("matched").asLong()).isEqualTo(3);
        assertThat(old.out()).doesNotContain("warning", "deprecated");
        assertThat(old.err()).contains("warning: -n in invalidate is deprecated, use --dry-run");
        assertThat(remaining()).isEqualTo(without());
        assertThat(cli().url(url).run("invalidate", "session:*", "--dry-run", "--json").ok().err())
                .doesNotContain("deprecated");
        assertThat(cli().url(url).run("invalidate", "session:*", "-n", "--dry-run").expectExit(ExitCode.USAGE).err())
                .contains("-n is the old spelling of --dry-run");
        assertThat(cli().run("invalidate", "--help").ok().out()).doesNotContain("-n,").contains("--dry-run");
    }

    @Test
    void off_a_terminal_deletion_needs_yes_and_match_all_needs_all() {
        Cli.Result r = cli().url(url).run("invalidate", "session:*").expectExit(ExitCode.USAGE);
        assertThat(r.err()).contains("--yes", "not on a terminal");
        Cli.Result star = cli().url(url).run("invalidate", "*", "--yes").expectExit(ExitCode.USAGE);
        assertThat(star.err()).contains("--all");
        assertThat(remaining()).isEqualTo(without());
        cli().url(url).run("invalidate", "*", "--all", "--yes").ok();
        assertThat(remaining()).isEmpty();
    }

    @Test
    void on_a_terminal_it_asks_and_no_keeps_everything() {
        Cli.Result no = cli().url(url).terminal("n\n").run("invalidate", "session:*").ok();
        assertThat(no.err()).contains("Delete 3 keys", "nothing was deleted");
        assertThat(remaining()).isEqualTo(without());
        cli().url(url).terminal("y\n").run("invalidate", "session:*").ok();
        assertThat(remaining()).isEqualTo(without("session:a", "session:b", "session:ab"));
    }

    @Test
    void bad_patterns_are_usage_errors() {
        cli().url(url).run("invalidate", "user:[abc", "--yes").expectExit(ExitCode.USAGE);
        cli().url(url).run("invalidate", "user\\", "--yes").expectExit(ExitCode.USAGE);
        cli().url(url).run("invalidate", "--yes").expectExit(ExitCode.USAGE);
        assertThat(remaining()).isEqualTo(without());
    }

    @Test
    void keys_from_deletes_exactly_the_listed_keys(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("stale.txt");
        Files.writeString(list, "user:profile:1\r\n\nsession:a\nno-such-key\n");
        JsonNode dry = cli().url(url).run("invalidate", "--keys-from", list.toString(), "--dry-run", "--json")
                .ok().json();
        assertThat(dry.get("matched").asLong()).isEqualTo(2);
        JsonNode r = cli().url(url).run("invalidate", "--keys-from", list.toString(), "--yes", "--json").ok().json();
        assertThat(r.get("deleted").asLong()).isEqualTo(2);
        assertThat(r.get("skipped").asLong()).isEqualTo(1);
        assertThat(remaining()).isEqualTo(without("user:profile:1", "session:a"));
        cli().url(url).stdin("session:b\n").run("invalidate", "--keys-from", "-", "--yes").ok();
        assertThat(remaining()).doesNotContain("session:b");
        cli().url(url).run("invalidate", "--keys-from", dir.resolve("missing.txt").toString(), "--yes")
                .expectExit(ExitCode.USAGE);
    }
}
