package io.cachectl.bench;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.testing.Await;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisServer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class BenchFailureTest {
    @Test
    void evictions_during_the_run_are_reported_from_the_servers_counters() {
        try (RedisServer small = RedisServer.builder().maxmemory("3mb").policy("allkeys-lru").start()) {
            JsonNode r = cli().url(small.url()).run("bench", "set", "-n", "20000", "-c", "4", "-r", "20000",
                    "-d", "1000", "--uniform", "--json").ok().json();
            assertThat(r.at("/server/evicted_keys").asLong()).isPositive();
            try (Jedis j = small.jedis()) {
                assertThat(j.dbSize()).isZero();
            }
        }
    }

    @Test
    void error_replies_are_counted_and_named_not_fatal() {
        try (RedisServer full = RedisServer.builder().maxmemory("2mb").policy("noeviction").start()) {
            JsonNode r = cli().url(full.url()).run("bench", "set", "-n", "5000", "-c", "2", "-r", "5000",
                    "-d", "2000", "--uniform", "--json").ok().json();
            assertThat(r.get("errors").asLong()).isPositive();
            assertThat(r.get("first_error").asText()).contains("OOM");
            assertThat(r.get("notes").toString()).contains("error reply");
            try (Jedis j = full.jedis()) {
                assertThat(j.dbSize()).isZero();
            }
        }
    }

    @Test
    void server_dying_mid_run_exits_4_and_says_how_far_it_got() throws Exception {
        RedisServer doomed = RedisServer.builder().start();
        try {
            AtomicReference<Cli.Result> result = new AtomicReference<>();
            Thread runner = new Thread(() -> result.set(cli().url(doomed.url())
                    .run("bench", "get", "--duration", "30s", "-c", "2", "-r", "100", "--timeout", "1s")));
            runner.start();
            Await.calls(doomed, 200, "get"); // the run is under way
            doomed.stop();
            runner.join(20_000);
            assertThat(runner.isAlive()).isFalse();
            Cli.Result r = result.get().expectExit(4);
            assertThat(r.err()).contains("requests completed before the failure", "deleting the bench keys failed");
        } finally {
            doomed.close();
        }
    }
}
