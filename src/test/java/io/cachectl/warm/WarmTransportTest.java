package io.cachectl.warm;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.testing.RedisServer;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** The streaming writer speaks RESP on the socket itself: over TLS, with auth and a database index too. */
class WarmTransportTest {
    @TempDir
    Path dir;

    @Test
    void warm_streams_over_tls_with_a_password_into_the_database_of_the_url() throws IOException {
        int n = 30_000;
        Path f = dir.resolve("r.jsonl");
        try (Writer w = Files.newBufferedWriter(f)) {
            for (int i = 1; i <= n; i++) {
                w.write("{\"key\":\"t:" + i + "\",\"value\":{\"n\":" + i + "},\"ttl\":600}\n");
            }
            w.write("{\"key\":\"t:h\",\"type\":\"hash\",\"value\":{\"a\":1},\"ttl\":600}\n");
        }
        try (RedisServer server = RedisServer.builder().tls().requirePass("s3cret").start()) {
            JsonNode j = cli().url(server.url(null, "s3cret") + "/2")
                    .run("warm", f.toString(), "--yes", "--json", "--tls-ca-cert", server.caCertPem().toString())
                    .ok().json();
            assertThat(j.get("written").asLong()).isEqualTo(n + 1);
            try (Jedis jedis = server.jedis()) {
                jedis.select(2);
                assertThat(jedis.dbSize()).isEqualTo(n + 1);
                assertThat(jedis.get("t:" + n)).isEqualTo("{\"n\":" + n + "}");
                assertThat(jedis.ttl("t:1")).isBetween(590L, 600L);
                assertThat(jedis.hget("t:h", "a")).isEqualTo("1");
                jedis.select(0);
                assertThat(jedis.dbSize()).isZero();
            }
        }
    }
}
