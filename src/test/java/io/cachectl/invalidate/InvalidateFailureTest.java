package io.cachectl.invalidate;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.error.ExitCode;
import io.cachectl.testing.Await;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class InvalidateFailureTest {

    @Test
    void server_lost_part_way_is_exit_4_saying_how_many_were_deleted() throws Exception {
        try (RedisServer server = RedisServer.builder().enableDebug().start()) {
            server.cli("DEBUG", "POPULATE", "100000", "user:profile");
            Thread killer = new Thread(() -> {
                try {
                    Await.until("invalidate has deleted keys", java.time.Duration.ofSeconds(30),
                            () -> Await.calls(server, "unlink") > 0);
                } catch (AssertionError e) {
                    return;
                }
                server.stop();
            });
            killer.start();
            Cli.Result r = cli().url(server.url())
                    .run("invalidate", "user:profile:*", "--yes", "--rate", "20000", "--timeout", "1s")
                    .expectExit(ExitCode.PARTIAL);
            killer.join();
            assertThat(r.err()).containsPattern("deleted [1-9][0-9]* keys before the failure");
            assertThat(r.out()).contains("failed");
        }
    }

    @Test
    void missing_unlink_permission_is_exit_3_and_nothing_is_deleted() {
        try (RedisServer server = RedisServer.builder().aclUser("ro", "ro-pass", "~* &* +@all -unlink -del").start()) {
            try (Jedis j = server.jedis()) {
                for (int i = 0; i < 50; i++) {
                    j.set("session:" + i, "v");
                }
            }
            String url = server.url("ro", "ro-pass");
            cli().url(url).run("invalidate", "session:*", "--dry-run").ok();
            Cli.Result r = cli().url(url).run("invalidate", "session:*", "--yes").expectExit(ExitCode.UNAVAILABLE);
            assertThat(r.err()).contains("permission denied", "unlink", "nothing was deleted").doesNotContain("ro-pass");
            try (Jedis j = server.jedis()) {
                assertThat(j.dbSize()).isEqualTo(50);
            }
        }
    }
}
