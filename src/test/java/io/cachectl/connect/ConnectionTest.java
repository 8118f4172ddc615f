package io.cachectl.connect;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.error.ExitCode;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class ConnectionTest {
    static final String PASSWORD = "s3cr3t-Pa55";
    static RedisServer protectedServer;
    static RedisServer tls;

    @BeforeAll
    static void start() {
        protectedServer = RedisServer.builder().requirePass(PASSWORD)
                .aclUser("app", PASSWORD + "-app", "~* &* +@all")
                .aclUser("noinfo", PASSWORD + "-noinfo", "~* &* +@all -info")
                .start();
        tls = RedisServer.builder().tls().start();
    }

    @AfterAll
    static void stop() {
        protectedServer.close();
        tls.close();
    }

    private static void assertNoSecret(Cli.Result r) {
        assertThat(r.all()).doesNotContain(PASSWORD);
    }

    @Test
    void legacy_requirepass_and_acl_user_connect_and_the_password_never_shows() {
        Cli.Result legacy = cli().url(protectedServer.url(null, PASSWORD)).run("stats", "--json").ok();
        assertNoSecret(legacy);
        assertThat(legacy.json().get("target").asText()).contains(":****@");
        Cli.Result acl = cli().run("stats", "--url", protectedServer.url("app", PASSWORD + "-app")).ok();
        assertNoSecret(acl);
        assertThat(acl.out()).contains("redis://app:****@127.0.0.1:" + protectedServer.port());
    }

    @Test
    void wrong_password_is_exit_3_with_a_hint_and_no_secret() {
        Cli.Result r = cli().url(protectedServer.url("app", PASSWORD + "-wrong")).run("stats", "-v")
                .expectExit(ExitCode.UNAVAILABLE);
        assertThat(r.err()).contains("authentication failed on 127.0.0.1:" + protectedServer.port());
        assertNoSecret(r);
        Cli.Result none = cli().url(protectedServer.url()).run("stats").expectExit(ExitCode.UNAVAILABLE);
        assertThat(none.err()).contains("authentication failed");
    }

    @Test
    void missing_permission_is_exit_3_naming_it() {
        Cli.Result r = cli().url(protectedServer.url("noinfo", PASSWORD + "-noinfo")).run("stats")
                .expectExit(ExitCode.UNAVAILABLE);
        assertThat(r.err()).contains("permission denied", "info");
        assertNoSecret(r);
    }

    @Test
    void refused_connection_is_exit_3_with_a_hint() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Result r = cli().url("redis://:" + PASSWORD + "@127.0.0.1:" + port).run("stats")
                .expectExit(ExitCode.UNAVAILABLE);
        assertThat(r.err()).contains("cannot connect to 127.0.0.1:" + port + ": connection refused",
                "is redis-server running?");
        assertNoSecret(r);
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @Test
    void a_server_that_never_answers_times_out_within_the_timeout() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // accept, never reply
                    }
                } catch (IOException done) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long t0 = System.nanoTime();
            Cli.Result r = cli().url("redis://127.0.0.1:" + silent.getLocalPort())
                    .run("stats", "--timeout", "500ms", "--connect-timeout", "500ms")
                    .expectExit(ExitCode.UNAVAILABLE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(r.err()).contains("timed out");
            assertThat(seconds).isLessThan(3.0);
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void bad_url_is_exit_2_and_masks_the_password() {
        Cli.Result r = cli().url("http://u:" + PASSWORD + "@localhost:6379").run("stats")
                .expectExit(ExitCode.USAGE);
        assertThat(r.err()).contains("bad Redis URL", "redis://", "See 'cachectl stats --help'");
        assertNoSecret(r);
        cli().run("stats", "--url", "redis://localhost:notaport").expectExit(ExitCode.USAGE);
        cli().run("stats", "--timeout", "soon").expectExit(ExitCode.USAGE);
    }

    @Test
    void database_index_from_the_url_is_used_and_shown() {
        try (Jedis j = protectedServer.jedis()) {
            j.select(3);
            j.set("k", "v");
        }
        JsonNode r = cli().url(protectedServer.url(null, PASSWORD) + "/3").run("stats", "--json").ok().json();
        assertThat(r.get("target").asText()).endsWith("/3");
        assertThat(r.at("/total/keyspace").findValues("db").stream().map(JsonNode::asInt)).contains(3);
    }

    @Test
    void tls_with_private_ca_verifies_and_insecure_warns() {
        String ca = tls.caCertPem().toString();
        Cli.Result ok = cli().url(tls.url()).run("stats", "--tls-ca-cert", ca, "--json").ok();
        assertThat(ok.json().get("target").asText()).startsWith("rediss://");
        Cli.Result untrusted = cli().url(tls.url()).run("stats").expectExit(ExitCode.UNAVAILABLE);
        assertThat(untrusted.err()).contains("TLS failure", "--tls-ca-cert");
        Cli.Result insecure = cli().url(tls.url()).run("stats", "--insecure").ok();
        assertThat(insecure.err()).contains("NOT verified");
        Cli.Result plainToTls = cli().url(tls.url().replace("rediss", "redis")).run("stats", "--timeout", "1s")
                .expectExit(ExitCode.UNAVAILABLE);
        assertThat(plainToTls.err()).isNotBlank();
        cli().url(tls.url()).run("stats", "--tls-ca-cert", "/nonexistent.pem").expectExit(ExitCode.USAGE);
    }
}
