package io.cachectl.effect;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.connect.Info;
import io.cachectl.testing.Await;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/** Issue 12: cachectl must not distort the numbers it judges. */
class SelfEffectTest {
    @TempDir
    Path state;

    private Cli cli(RedisServer server) {
        return Cli.cli().url(server.url()).env("CACHECTL_STATE_DIR", state.toString());
    }

    private static long[] counters(Jedis j) {
        Info i = Info.parse(j.info("stats"));
        return new long[] {i.getLong("keyspace_hits"), i.getLong("keyspace_misses")};
    }

    /** 1,000 keys with a TTL, then 279 hits and 721 misses: a 27.9 % hit rate, and no traffic after. */
    private static void lowHitRate(Jedis j) {
        try (Pipeline p = j.pipelined()) {
            for (int i = 0; i < 1000; i++) {
                p.setex("item:" + i, 3600, "v" + i);
            }
            for (int i = 0; i < 279; i++) {
                p.get("item:" + i);
            }
            for (int i = 0; i < 721; i++) {
                p.get("gone:" + i);
            }
            p.sync();
        }
    }

    @Test
    void doctor_judges_the_same_hit_rate_on_three_runs_over_a_quiet_server() {
        try (RedisServer server = RedisServer.builder().maxmemory("64mb").policy("allkeys-lru").start();
             Jedis j = server.jedis()) {
            lowHitRate(j);
            List<Double> values = new ArrayList<>();
            for (int run = 0; run < 3; run++) {
                JsonNode r = cli(server).run("doctor", "--json").ok().json();
                JsonNode hit = r.get("targets").get(0);
                assertThat(hit.get("name").asText()).isEqualTo("hit_rate");
                assertThat(hit.get("status").asText()).as(r.toString()).isEqualTo("FAIL");
                values.add(hit.get("value").asDouble());
                assertThat(r.at("/window/kind").asText()).isEqualTo("lifetime");
                assertThat(r.get("window_lookups").asLong()).isZero();
                assertThat(r.get("notes").toString()).contains("quiet window");
                assertThat(r.at("/self_effect/hits").asLong()).isEqualTo(1000); // one PTTL per key read
                assertThat(r.at("/subtracted/hits").asLong()).isEqualTo(1000L * run);
            }
            assertThat(values.get(0)).isCloseTo(27.9, within(0.05));
            assertThat(values).allSatisfy(v -> assertThat(v).isCloseTo(values.get(0), within(0.5)));
            // the server's own counters did move: 3 surveys of 1,000 PTTLs each
            assertThat(counters(j)[0]).isEqualTo(279 + 3000);
        }
    }

    @Test
    void stats_interval_judges_only_the_application_while_bigkeys_runs_in_another_process() throws Exception {
        try (RedisServer server = RedisServer.builder().start(); Jedis j = server.jedis()) {
            try (Pipeline p = j.pipelined()) {
                for (int i = 0; i < 40_000; i++) {
                    p.set("page:" + i, "v");
                }
                p.sync();
            }
            // bigkeys in its own JVM, throttled so that it scans through the whole stats window
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "io.cachectl.Main", "bigkeys", "--json",
                    "--rate", "8000", "--count", "100", "-u", server.url())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("CACHECTL_STATE_DIR", state.toString());
            Process bigkeys = pb.start();
            bigkeys.toHandle(); // started
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong appHits = new AtomicLong();
            AtomicLong appMisses = new AtomicLong();
            Thread app = new Thread(() -> {
                // the application: 1 hit for 3 misses, 25 %
                try (Jedis a = server.jedis()) {
                    while (!stop.get()) {
                        try (Pipeline p = a.pipelined()) {
                            for (int i = 0; i < 100; i++) {
                                p.get(i % 4 == 0 ? "page:" + i : "absent:" + i);
                            }
                            p.sync();
                        }
                        appHits.addAndGet(25);
                        appMisses.addAndGet(75);
                        try {
                            Thread.sleep(5); // ~15,000 lookups/s: less than bigkeys' 16,000 hits/s
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
            try {
                Await.calls(server, 3, "scan", "evalsha", "eval"); // the other JVM has started and is scanning
                assertThat(bigkeys.isAlive()).isTrue();
                app.start();
                Thread.sleep(200);
                long[] before = counters(j);
                JsonNode r = cli(server).run("stats", "--interval", "2", "--json").ok().json();
                long[] after = counters(j);
                assertThat(bigkeys.isAlive()).as("bigkeys still scanning at the end of the window").isTrue();
                double judged = r.at("/total/traffic/hit_rate").asDouble();
                double raw = (double) (after[0] - before[0]) / (after[0] - before[0] + after[1] - before[1]);
                assertThat(raw).as("without subtraction the window would read").isGreaterThan(0.35);
                assertThat(judged).as("judged, subtracted %s", r.get("subtracted")).isCloseTo(0.25, within(0.03));
                assertThat(r.at("/subtracted/hits").asLong()).isGreaterThan(1000);
                assertThat(r.get("notes").toString()).contains("cachectl itself caused");
                System.out.printf("stats --interval 2 during bigkeys: raw %.4f, judged %.4f, subtracted %s%n", raw,
                        judged, r.get("subtracted"));
            } finally {
                stop.set(true);
                app.join();
                bigkeys.destroy();
                bigkeys.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void bench_hit_rate_equals_the_server_delta_around_the_whole_command() {
        try (RedisServer server = RedisServer.builder().start(); Jedis j = server.jedis()) {
            long[] before = counters(j);
            JsonNode r = cli(server).run("bench", "cache-aside", "-r", "10000", "-n", "20000", "-c", "8",
                    "--backend-ms", "0", "--json").ok().json();
            long[] after = counters(j);
            long hits = after[0] - before[0];
            long misses = after[1] - before[1];
            assertThat(hits + misses).as("every lookup was bench's own workload").isEqualTo(20_000);
            assertThat(r.get("hit_rate").asDouble()).isCloseTo((double) hits / (hits + misses), within(0.00001));
            assertThat(r.at("/self_effect/hits").asLong()).isEqualTo(hits);
            assertThat(r.at("/self_effect/misses").asLong()).isEqualTo(misses);
        }
    }

    @Test
    void bigkeys_and_ttl_audit_report_exactly_the_lookups_the_server_counted() {
        try (RedisServer server = RedisServer.builder().start(); Jedis j = server.jedis()) {
            try (Pipeline p = j.pipelined()) {
                for (int i = 0; i < 3000; i++) {
                    p.setex("s:" + i, 600, "v");
                }
                p.sync();
            }
            long[] c0 = counters(j);
            JsonNode big = cli(server).run("bigkeys", "--json").ok().json();
            long[] c1 = counters(j);
            assertThat(big.at("/self_effect/hits").asLong()).isEqualTo(c1[0] - c0[0]);
            assertThat(big.at("/self_effect/misses").asLong()).isEqualTo(c1[1] - c0[1]);
            assertThat(big.at("/self_effect/hits").asLong()).isBetween(6000L, 6000L + 40); // TYPE + STRLEN, listed PTTLs
            JsonNode ttl = cli(server).run("ttl-audit", "--json").ok().json();
            long[] c2 = counters(j);
            assertThat(ttl.at("/self_effect/hits").asLong()).isEqualTo(3000).isEqualTo(c2[0] - c1[0]);
            // and the next stats subtracts both: no application lookups at all since start-up
            JsonNode stats = cli(server).run("stats", "--json").ok().json();
            assertThat(stats.at("/total/traffic/hits").asLong()).isZero();
            assertThat(stats.at("/subtracted/hits").asLong()).isEqualTo(c2[0]);
            // a sampled scan stops with calls still in flight: they ran, so they are counted too
            long[] c3 = counters(j);
            JsonNode sampled = cli(server).run("ttl-audit", "--json", "--sample", "500").ok().json();
            long[] c4 = counters(j);
            assertThat(sampled.get("estimated").asBoolean()).isTrue();
            assertThat(sampled.at("/self_effect/hits").asLong()).isEqualTo(c4[0] - c3[0]);
            String human = cli(server).run("ttl-audit").ok().out();
            assertThat(human).contains("self effect: 3,000 keyspace hits, 0 misses (one PTTL per key read");
        }
    }

    @Test
    void a_ledger_that_cannot_be_written_is_said_not_silently_ignored() throws Exception {
        try (RedisServer server = RedisServer.builder().start(); Jedis j = server.jedis()) {
            j.setex("a", 60, "1");
            Path notADirectory = java.nio.file.Files.writeString(state.resolve("blocked"), "x");
            Cli.Result r = Cli.cli().url(server.url()).env("CACHECTL_STATE_DIR", notADirectory.toString())
                    .run("ttl-audit", "--json").ok();
            assertThat(r.json().get("notes").toString()).contains("cannot record cachectl's own lookups");
            assertThat(r.err()).contains("cannot record cachectl's own lookups");
        }
    }
}
