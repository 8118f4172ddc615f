package io.cachectl.invalidate;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/** Issue 11: D13 (BOM in a key list) and the '?*' guard. */
class InvalidateRegressionTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone();

    @TempDir
    Path dir;

    @BeforeEach
    void keys() {
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
            j.set("a:1", "v");
            j.set("a:2", "v");
            j.set("b", "v");
        }
    }

    /** D13: the BOM became part of the first key, which was then reported "already gone". */
    @Test
    void a_key_list_with_a_utf8_byte_order_mark_deletes_its_first_key() throws Exception {
        Path list = dir.resolve("keys.txt");
        Files.write(list, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', ':', '1', '\r', '\n', 'a', ':', '2', '\n'});
        JsonNode r = cli().url(redis.server().url()).run("invalidate", "--keys-from", list.toString(), "--yes", "--json")
                .ok().json();
        assertThat(r.get("deleted").asLong()).isEqualTo(2);
        assertThat(r.get("skipped").asLong()).isZero();
        try (Jedis j = redis.server().jedis()) {
            assertThat(j.dbSize()).isEqualTo(1);
            assertThat(j.exists("b")).isTrue();
        }
    }

    @Test
    void patterns_of_only_stars_and_question_marks_need_all() {
        for (String p : new String[] {"?*", "*?", "*?*", "**"}) {
            Cli.Result r = cli().url(redis.server().url()).run("invalidate", p, "--yes").expectExit(ExitCode.USAGE);
            assertThat(r.err()).contains("matches every key").contains("--all");
        }
        try (Jedis j = redis.server().jedis()) {
            assertThat(j.dbSize()).isEqualTo(3);
        }
        cli().url(redis.server().url()).run("invalidate", "?*", "--yes", "--all").ok();
        try (Jedis j = redis.server().jedis()) {
            assertThat(j.dbSize()).isZero();
        }
    }
}
