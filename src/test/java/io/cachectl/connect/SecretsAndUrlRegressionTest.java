package io.cachectl.connect;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachectl.error.CachectlException;
import io.cachectl.error.ExitCode;
import io.cachectl.shell.HistoryFilter;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisServer;
import org.junit.jupiter.api.Test;

/** Issue 11: D3 (password leaks), D4 (timeouts 0 / overflow), D7 (empty --url), URL hints. */
class SecretsAndUrlRegressionTest {

    /** D3: the masks stopped at the first '/' or '@' of the password. */
    @Test
    void passwords_with_slash_at_colon_or_hash_never_appear_in_errors_or_verbose_traces() {
        for (String pw : new String[] {"pa/ssWORD", "p@ss:w/rd#1%x", "a@b@c", "x:y:z", "w/@/@"}) {
            String url = "redis://:" + pw + "@127.0.0.1:1/notadb";
            Cli.Result r = cli().run("stats", "-v", "-u", url).expectExit(ExitCode.USAGE);
            assertThat(r.all()).as(pw).doesNotContain(pw).contains("redis://:****@127.0.0.1:1/notadb");
            assertThat(RedisUrl.mask(url)).isEqualTo("redis://:****@127.0.0.1:1/notadb");
            assertThat(RedisUrl.mask("rediss://app:" + pw + "@h:6380")).isEqualTo("rediss://app:****@h:6380");
            assertThat(HistoryFilter.isSecret("connect redis://:" + pw + "@127.0.0.1:6379")).isTrue();
        }
        assertThat(RedisUrl.mask("error: bad Redis URL 'redis://:p@ss/x@h:1/y': no host — expected"
                + " redis://[user:password@]host:port[/db]"))
                .isEqualTo("error: bad Redis URL 'redis://:****@h:1/y': no host — expected"
                        + " redis://[user:password@]host:port[/db]");
    }

    @Test
    void a_password_with_unencoded_reserved_characters_is_used_as_typed() {
        assertThat(RedisUrl.parse("redis://:pa/ssWORD@127.0.0.1:6803"))
                .isEqualTo(new RedisUrl(false, "127.0.0.1", 6803, null, "pa/ssWORD", 0));
        assertThat(RedisUrl.parse("redis://u:p@ss:w/rd#1%x@h:1/2"))
                .isEqualTo(new RedisUrl(false, "h", 1, "u", "p@ss:w/rd#1%x", 2));
        try (RedisServer s = RedisServer.builder().requirePass("pa/ss@WO:RD").start()) {
            cli().run("stats", "--json", "-u", "redis://:pa/ss@WO:RD@127.0.0.1:" + s.port()).ok();
        }
    }

    @Test
    void urls_without_a_scheme_or_with_a_bad_port_say_so() {
        assertThatThrownBy(() -> RedisUrl.parse("127.0.0.1:6790"))
                .hasMessageContaining("did you mean redis://127.0.0.1:6790?");
        assertThatThrownBy(() -> RedisUrl.parse("redis://127.0.0.1:notaport"))
                .hasMessageContaining("port must be a number");
    }

    /** D7: an empty --url fell back to localhost:6379, ignoring REDIS_URL. */
    @Test
    void an_empty_url_or_REDIS_URL_is_a_usage_error_and_nothing_is_touched() {
        try (RedisServer s = RedisServer.builder().start()) {
            s.cli("SET", "x:1", "v");
            Cli.Result r = cli().url(s.url()).run("invalidate", "x:*", "--yes", "-u", "").expectExit(ExitCode.USAGE);
            assertThat(r.err()).contains("--url is empty");
            r = cli().url("  ").run("invalidate", "x:*", "--yes").expectExit(ExitCode.USAGE);
            assertThat(r.err()).contains("REDIS_URL is set but empty");
            assertThat(s.cli("EXISTS", "x:1").trim()).isEqualTo("1");
        }
    }

    /** D4: --timeout 0 (or 0.1ms) waited forever; 30d overflowed the int milliseconds. */
    @Test
    void timeouts_outside_1ms_to_24h_are_usage_errors() {
        for (String[] bad : new String[][] {{"--timeout", "0"}, {"--timeout", "0.1ms"}, {"--timeout", "30d"},
            {"--connect-timeout", "0"}, {"--connect-timeout", "25h"}}) {
            Cli.Result r = cli().url("redis://127.0.0.1:1").run("stats", bad[0], bad[1]).expectExit(ExitCode.USAGE);
            assertThat(r.err()).contains(bad[0] + " must be between 1ms and 24h");
        }
    }

    @Test
    void a_usage_error_for_a_url_is_exit_2_not_an_exception() {
        assertThatThrownBy(() -> RedisUrl.parse(""))
                .isInstanceOfSatisfying(CachectlException.class, e -> assertThat(e.exitCode()).isEqualTo(2));
    }

    @Test
    void rediss_against_a_plain_text_port_names_the_tls_handshake_not_the_firewall() {
        try (RedisServer s = RedisServer.builder().start()) {
            long t0 = System.nanoTime();
            Cli.Result r = cli().run("stats", "-u", "rediss://127.0.0.1:" + s.port(), "--connect-timeout", "500ms",
                    "--timeout", "500ms").expectExit(ExitCode.UNAVAILABLE);
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
            assertThat(r.err()).contains("TLS handshake with 127.0.0.1:" + s.port() + " timed out")
                    .contains("plain-text port").doesNotContain("firewall");
        }
    }

    @Test
    void redis_against_a_tls_port_suggests_rediss() {
        try (RedisServer s = RedisServer.builder().tls().start()) {
            Cli.Result r = cli().run("stats", "-u", "redis://127.0.0.1:" + s.port(), "--timeout", "2s")
                    .expectExit(ExitCode.UNAVAILABLE);
            assertThat(r.err()).contains("try rediss://");
        }
    }
}
