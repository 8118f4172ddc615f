package io.cachectl.config;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.error.ExitCode;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Named targets in a temp XDG_CONFIG_HOME: management, precedence, credentials, per-cache thresholds. */
class TargetsTest {
    @RegisterExtension
    static RedisExtension a = RedisExtension.standalone(b -> b.requirePass("s3cret").aclUser("app", "apppw", "~* &* +@all"));

    @RegisterExtension
    static RedisExtension b = RedisExtension.standalone();

    @TempDir
    Path xdg;

    String urlA;
    String urlB;

    @BeforeEach
    void urls() {
        urlA = a.server().url();
        urlB = b.server().url();
    }

    Cli c() {
        return cli().env("XDG_CONFIG_HOME", xdg.toString()).env("HOME", xdg.toString());
    }

    Path file() {
        return xdg.resolve("cachectl/config.toml");
    }

    @Test
    void add_list_show_use_remove_keep_the_file_private_and_never_print_a_password() throws Exception {
        c().run("targets", "add", "prod-eu", "--url", a.server().url(null, "s3cret"), "--min-hit-rate", "90").ok();
        c().run("targets", "add", "staging", "--url", urlB, "--password-command", "pass show staging",
                "--timeout", "2s").ok();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        String toml = Files.readString(file());
        assertThat(toml).contains("default = \"prod-eu\"", "[targets.prod-eu]", "[targets.prod-eu.thresholds]",
                "min_hit_rate = 90.0",
                "password_command = \"pass show staging\"");
        Cli.Result list = c().run("targets", "list").ok();
        assertThat(list.out()).contains("* ", "prod-eu", "staging", "redis://:****@127.0.0.1:" + a.server().port(),
                "password_command").doesNotContain("s3cret");
        JsonNode json = c().run("targets", "list", "--json").ok().json();
        assertThat(json.get("default_target").asText()).isEqualTo("prod-eu");
        assertThat(json.toString()).doesNotContain("s3cret");
        Cli.Result show = c().run("targets", "show", "prod-eu").ok();
        assertThat(show.out()).contains("prod-eu (default)", "min_hit_rate", "90.0").doesNotContain("s3cret");
        c().run("targets", "use", "staging").ok();
        assertThat(c().run("targets", "list", "--json").ok().json().get("default_target").asText()).isEqualTo("staging");
        Cli.Result typo = c().run("targets", "show", "stagin").expectExit(ExitCode.USAGE);
        assertThat(typo.err()).contains("no target named 'stagin'", "did you mean staging?");
        c().run("targets", "remove", "staging").ok();
        assertThat(c().run("targets", "list", "--json").ok().json().get("targets")).hasSize(1);
        assertThat(c().run("targets", "add", "bad", "--url", "http://x").expectExit(ExitCode.USAGE).err())
                .contains("bad Redis URL");
    }

    @Test
    void the_written_file_reads_back_the_same_whatever_the_strings_hold() {
        java.util.Map<String, String> env = java.util.Map.of("XDG_CONFIG_HOME", xdg.toString());
        Config config = Config.load(env);
        NamedTarget odd = new NamedTarget("redis://127.0.0.1:1", "us\"er", "printf '%s\\n' \"a\\\"b\" # ü\t",
                null, true, "1s", null, false, new NamedTarget.Thresholds(null, 2.5, null, null));
        config.put("eu.prod 1", odd);
        config.put("b", new NamedTarget("redis://127.0.0.1:2", null, null, null, null, null, null, null, null));
        config.setDefault("eu.prod 1");
        config.save();
        Config back = Config.load(env);
        assertThat(back.targets()).isEqualTo(config.targets());
        assertThat(back.defaultTarget()).isEqualTo("eu.prod 1");
    }

    @Test
    void url_beats_target_beats_cachectl_target_beats_redis_url_beats_the_default_target() {
        c().run("targets", "add", "a", "--url", a.server().url(null, "s3cret"), "--default").ok();
        c().run("targets", "add", "b", "--url", urlB).ok();
        assertThat(target(c())).isEqualTo("redis://:****@127.0.0.1:" + a.server().port());
        assertThat(target(c().env("REDIS_URL", urlB))).isEqualTo(urlB);
        assertThat(target(c().env("REDIS_URL", urlB).env("CACHECTL_TARGET", "a"))).contains(":" + a.server().port());
        assertThat(target(c().env("CACHECTL_TARGET", "a"), "--target", "b")).isEqualTo(urlB);
        assertThat(target(c().env("CACHECTL_TARGET", "a"), "--target", "a", "--url", urlB)).isEqualTo(urlB);
        Cli.Result missing = c().env("CACHECTL_TARGET", "nope").run("stats").expectExit(ExitCode.USAGE);
        assertThat(missing.err()).contains("CACHECTL_TARGET: no target named 'nope'");
    }

    private static String target(Cli cli, String... extra) {
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("stats", "--json",
                "--latency-samples", "1"), java.util.Arrays.stream(extra)).toArray(String[]::new);
        return cli.run(args).ok().json().get("target").asText();
    }

    @Test
    void password_from_password_command_rediscli_auth_or_askpass_and_never_shown() {
        c().run("targets", "add", "cmd", "--url", urlA, "--password-command", "printf 's3cret\\n'").ok();
        c().run("targets", "add", "failing", "--url", urlA, "--password-command", "exit 7").ok();
        Cli.Result viaCommand = c().run("stats", "--target", "cmd", "--json", "--latency-samples", "1").ok();
        assertThat(viaCommand.all()).doesNotContain("s3cret");
        c().env("REDISCLI_AUTH", "s3cret").run("stats", "--url", urlA, "--latency-samples", "1").ok();
        c().env("REDISCLI_AUTH", "apppw").run("stats", "--url", urlA, "--user", "app", "--latency-samples", "1").ok();
        Cli.Result asked = c().terminal("s3cret\n").run("stats", "--url", urlA, "--askpass", "--latency-samples", "1").ok();
        assertThat(asked.err()).contains("Password for 127.0.0.1:" + a.server().port());
        assertThat(asked.all()).doesNotContain("s3cret");
        Cli.Result failed = c().run("stats", "--target", "failing").expectExit(ExitCode.UNAVAILABLE);
        assertThat(failed.err()).contains("password_command of target 'failing' failed (exit 7)");
        Cli.Result none = c().run("stats", "--url", urlA).expectExit(ExitCode.UNAVAILABLE);
        assertThat(none.err()).contains("authentication");
    }

    @Test
    void warns_when_the_config_file_is_readable_by_others() throws Exception {
        c().run("targets", "add", "b", "--url", urlB).ok();
        assertThat(c().run("stats", "--latency-samples", "1").ok().err()).doesNotContain("readable by other users");
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(c().run("stats", "--latency-samples", "1").ok().err())
                .contains("readable by other users", "chmod 600 " + file());
    }

    @Test
    void a_targets_own_thresholds_apply_unless_given_on_the_command_line() {
        c().run("targets", "add", "b", "--url", urlB, "--min-hit-rate", "99", "--timeout", "3s").ok();
        JsonNode own = c().run("stats", "--target", "b", "--json", "--latency-samples", "1").ok().json();
        assertThat(threshold(own, "hit_rate")).isEqualTo(99.0);
        JsonNode given = c().run("stats", "--target", "b", "--json", "--latency-samples", "1", "--min-hit-rate", "50")
                .ok().json();
        assertThat(threshold(given, "hit_rate")).isEqualTo(50.0);
        JsonNode bench = c().run("bench", "get", "--target", "b", "-n", "200", "-c", "1", "--json").ok().json();
        assertThat(threshold(bench, "hit_rate")).isEqualTo(99.0);
    }

    private static double threshold(JsonNode report, String name) {
        for (JsonNode t : report.get("targets")) {
            if (t.get("name").asText().equals(name)) {
                return t.get("threshold").asDouble();
            }
        }
        throw new AssertionError("no target " + name + " in " + report);
    }
}
