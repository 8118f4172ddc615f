package io.cachectl.output;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Every command's human output (stdout and stderr) rendered at 80 columns: no line may be longer.
 * doctor's report is left to its owner (issue 12); a failed --check is one line on purpose (CI logs).
 */
class Width80Test {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone(b -> b.maxmemory("64mb").policy("allkeys-lru"));

    @RegisterExtension
    static RedisExtension cluster = RedisExtension.cluster(3);

    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws Exception {
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
            for (int i = 0; i < 300; i++) {
                j.set("user:profile:" + i, "x".repeat(300));
                j.setex("session:very-long-namespace-name-for-width-checks:" + i, 600, "v");
                j.get("user:profile:" + i);
                j.get("missing:" + i);
            }
            j.hset("cart:items:1", "sku", "1");
        }
        Files.writeString(dir.resolve("warm.jsonl"), "{\"key\":\"warm:1\",\"value\":\"v\",\"ttl\":600}\n");
        Path config = Files.createDirectories(dir.resolve("xdg/cachectl")).resolve("config.toml");
        Files.writeString(config, "default = \"prod-eu\"\n[targets.prod-eu]\nurl = \"" + redis.server().url()
                + "\"\npassword_command = \"pass show redis/prod-eu-primary-cache-cluster\"\n"
                + "[targets.prod-eu.thresholds]\nmin_hit_rate = 90.0\n");
        config.toFile().setReadable(false, false);
        config.toFile().setReadable(true, true);
    }

    Cli c() {
        return cli().url(redis.server().url()).env("COLUMNS", "80").env("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
    }

    @Test
    void a_table_too_wide_for_the_terminal_shortens_its_key_column_instead_of_wrapping_rows() {
        String longKey = "analysis:property:5dbbb59cb7030ddd1465ac3a351d3939:report:0001";
        try (Jedis j = redis.server().jedis()) {
            j.set(longKey, "y".repeat(5000));
        }
        try {
            String out = c().run("bigkeys").ok().out();
            String header = out.lines().filter(l -> l.trim().startsWith("key ") && l.contains("ttl")).findFirst()
                    .orElseThrow(() -> new AssertionError("no one-line table header in:\n" + out));
            assertThat(header.length()).isLessThanOrEqualTo(80);
            String row = out.lines().filter(l -> l.contains("analysis:property:5d") && l.contains("…")).findFirst()
                    .orElseThrow(() -> new AssertionError("long key not shortened in:\n" + out));
            assertThat(row).endsWith("none").contains("string");
            // piped without COLUMNS: no ellipsis and no wrapping (the view's own 60-character key limit aside)
            String piped = cli().url(redis.server().url()).run("bigkeys").ok().out();
            assertThat(piped).doesNotContain("…");
            assertThat(piped.lines().filter(l -> l.contains(longKey.substring(0, 50)) && l.endsWith("none")))
                    .as("the top-keys row, whole on one line").hasSize(1);
        } finally {
            try (Jedis j = redis.server().jedis()) {
                j.del(longKey);
            }
        }
    }

    @Test
    void human_output_of_every_command_fits_80_columns() {
        List<String> problems = new ArrayList<>();
        check(problems, c().run("stats"));
        check(problems, c().run("stats", "--interval", "1"));
        check(problems, c().run("stats", "--watch", "300ms", "--count", "2"));
        check(problems, cli().url(cluster.cluster().url()).env("COLUMNS", "80").run("stats"));
        check(problems, c().run("bigkeys", "--threshold", "100B"));
        check(problems, c().run("ttl-audit"));
        check(problems, c().run("doctor"));
        check(problems, c().run("invalidate", "session:*", "--dry-run"));
        check(problems, c().run("warm", dir.resolve("warm.jsonl").toString(), "--yes"));
        check(problems, c().run("bench", "get", "-n", "300", "-c", "1", "--yes"));
        check(problems, c().run("targets", "list"));
        check(problems, c().run("targets", "show", "prod-eu"));
        check(problems, c().run("--help"));
        for (String cmd : List.of("stats", "bigkeys", "ttl-audit", "doctor", "invalidate", "warm", "bench", "shell",
                "targets", "targets add")) {
            check(problems, c().run((cmd + " --help").split(" ")));
        }
        assertThat(problems).as("lines over 80 columns").isEmpty();
    }

    private static void check(List<String> problems, Cli.Result r) {
        if (r.exitCode() != 0) {
            problems.add(String.join(" ", r.args()) + ": exit " + r.exitCode() + r.dump());
        }
        for (String line : (r.out() + "\n" + r.err()).split("\n")) {
            String seen = Style.strip(line);
            if (seen.length() > 80) {
                problems.add(String.join(" ", r.args()) + ": " + seen.length() + ": " + seen);
            }
        }
    }
}
