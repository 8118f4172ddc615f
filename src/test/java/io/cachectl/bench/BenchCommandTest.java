package io.cachectl.bench;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.testing.Await;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class BenchCommandTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone();

    private Cli.Result bench(String... args) {
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        return cli().url(redis.server().url()).run(all.toArray(String[]::new));
    }

    private long dbsize() {
        try (Jedis j = redis.server().jedis()) {
            return j.dbSize();
        }
    }

    @AfterEach
    void clean() {
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
        }
    }

    @Test
    void get_json_has_the_contract_fields_and_the_keys_are_deleted_at_the_end() {
        JsonNode r = bench("get", "-n", "5000", "-c", "4", "-r", "500", "--json").ok().json();
        assertThat(r.get("workload").asText()).isEqualTo("get");
        assertThat(r.get("requests").asLong()).isEqualTo(5000);
        assertThat(r.get("throughput_rps").asDouble()).isPositive();
        assertThat(r.get("hit_rate").asDouble()).isEqualTo(1.0); // the keyspace was pre-loaded
        for (String cat : List.of("hits", "all")) {
            JsonNode l = r.at("/latency_ms/" + cat);
            for (String f : List.of("avg", "p50", "p90", "p99", "p999", "max")) {
                assertThat(l.has(f)).as(cat + "." + f).isTrue();
            }
            assertThat(l.get("p50").asDouble()).isPositive()
                    .isLessThanOrEqualTo(l.get("p90").asDouble());
            assertThat(l.get("p90").asDouble()).isLessThanOrEqualTo(l.get("p99").asDouble());
            assertThat(l.get("p99").asDouble()).isLessThanOrEqualTo(l.get("p999").asDouble());
            assertThat(l.get("p999").asDouble()).isLessThanOrEqualTo(l.get("max").asDouble());
        }
        assertThat(r.at("/latency_ms/misses").isMissingNode()).isTrue();
        assertThat(r.get("targets")).isNotEmpty();
        JsonNode first = r.get("targets").get(0);
        assertThat(first.get("name").asText()).isEqualTo("hit_rate");
        assertThat(first.get("status").asText()).isEqualTo("PASS");
        assertThat(first.has("threshold")).isTrue();
        assertThat(r.at("/server/keyspace_hits").asLong()).isEqualTo(5000);
        assertThat(r.at("/cleanup/keys_deleted").asLong()).isEqualTo(500);
        assertThat(r.get("timeline")).isNotEmpty();
        assertThat(dbsize()).isZero();
    }

    @Test
    void cache_aside_hit_rate_rises_from_zero_and_matches_the_servers_counters() {
        JsonNode r = bench("cache-aside", "--duration", "3s", "-c", "8", "-r", "20000", "--zipf", "0.9",
                "--backend-ms", "2", "--json").ok().json();
        long hits = r.get("hits").asLong();
        long misses = r.get("misses").asLong();
        assertThat(hits).isPositive();
        // what the server counted during the run is exactly what we sent
        assertThat(r.at("/server/keyspace_hits").asLong()).isEqualTo(hits);
        assertThat(r.at("/server/keyspace_misses").asLong()).isEqualTo(misses);
        assertThat(Math.abs(r.get("hit_rate").asDouble() - r.at("/server/hit_rate").asDouble())).isLessThan(0.01);
        // the writes are the misses' SETs (a client still fetching from the backend at the end drops its SET)
        assertThat(r.get("writes").asLong()).isBetween(misses - 8, misses);
        JsonNode timeline = r.get("timeline");
        assertThat(timeline.size()).isGreaterThanOrEqualTo(3);
        double firstSecond = timeline.get(0).get("hit_rate").asDouble();
        double lastSecond = timeline.get(timeline.size() - 1).get("hit_rate").asDouble();
        assertThat(firstSecond).isLessThan(lastSecond);
        assertThat(r.at("/latency_ms/misses/count").asLong()).isEqualTo(misses);
        assertThat(r.at("/latency_ms/writes/count").asLong()).isEqualTo(r.get("writes").asLong());
        assertThat(dbsize()).isZero();
    }

    @Test
    void rps_sets_the_open_loop_rate_and_the_old_rate_still_works_with_a_warning_on_stderr() {
        Cli.Result now = bench("set", "-n", "300", "-c", "2", "-r", "50", "--rps", "3000", "--json").ok();
        assertThat(now.json().at("/parameters/rate_rps").asDouble()).isEqualTo(3000.0);
        assertThat(now.json().at("/parameters/loop").asText()).isEqualTo("open");
        assertThat(now.err()).doesNotContain("deprecated");
        Cli.Result old = bench("set", "-n", "300", "-c", "2", "-r", "50", "--rate", "3000", "--json").ok();
        assertThat(old.json().at("/parameters/rate_rps").asDouble()).isEqualTo(3000.0);
        assertThat(old.out()).doesNotContain("deprecated");
        assertThat(old.err()).contains("warning: --rate in bench is deprecated, use --rps");
        assertThat(bench("get", "--rps", "-1").expectExit(2).err()).contains("--rps must be positive");
        assertThat(cli().run("bench", "--help").ok().out()).contains("--rps=RPS", "-n, --requests=N")
                .doesNotContain("--rate");
        assertThat(dbsize()).isZero();
    }

    @Test
    void open_loop_shows_the_stall_that_the_closed_loop_hides() throws Exception {
        double closed = p99WithStall("--duration", "2s", "-c", "4");
        double open = p99WithStall("--duration", "2s", "-c", "4", "--rate", "2000");
        // closed loop: only the 4 requests in flight waited out the 200 ms pause, far below 1 % of the run;
        // open loop: every request due during the pause (~10 % of them) waited, measured from its send time
        assertThat(open).isGreaterThan(100).isGreaterThan(closed * 2);
    }

    private double p99WithStall(String... args) throws Exception {
        Thread staller = new Thread(() -> {
            try {
                long before = Await.calls(redis.server(), "get");
                Await.calls(redis.server(), before + 1_000, "get"); // the run is under way
                redis.server().cli("CLIENT", "PAUSE", "200");
            } catch (AssertionError ignored) {
                // the run ended first: the p99 assertions say so
            }
        });
        staller.start();
        List<String> a = new ArrayList<>(List.of("get", "-r", "100", "--json"));
        a.addAll(List.of(args));
        JsonNode r = bench(a.toArray(String[]::new)).ok().json();
        staller.join();
        return r.at("/latency_ms/all/p99").asDouble();
    }

    @Test
    void interrupted_run_deletes_its_keys_prints_the_partial_summary_and_exits_130() throws Exception {
        AtomicReference<Cli.Result> result = new AtomicReference<>();
        Thread runner = new Thread(() -> result.set(bench("cache-aside", "--duration", "60s", "-c", "4", "-r", "5000",
                "--backend-ms", "1", "--json")));
        runner.start();
        Await.until("bench has loaded keys", java.time.Duration.ofSeconds(20), () -> dbsize() > 0);
        assertThat(dbsize()).isPositive();
        runner.interrupt();
        runner.join(10_000);
        assertThat(runner.isAlive()).isFalse();
        JsonNode r = result.get().expectExit(130).json();
        assertThat(r.get("interrupted").asBoolean()).isTrue();
        assertThat(r.get("requests").asLong()).isPositive();
        assertThat(r.get("duration_seconds").asDouble()).isLessThan(10);
        assertThat(r.at("/cleanup/keys_deleted").asLong()).isPositive();
        assertThat(dbsize()).isZero();
    }

    @Test
    void refuses_to_run_over_existing_keys_under_the_prefix_unless_reuse() {
        try (Jedis j = redis.server().jedis()) {
            j.set("cachectl:bench:7", "precious");
            j.set("other:1", "untouched");
        }
        Cli.Result refused = bench("set", "-n", "100", "-r", "50").expectExit(2);
        assertThat(refused.err()).contains("already exist", "--reuse", "--prefix");
        try (Jedis j = redis.server().jedis()) {
            assertThat(j.get("cachectl:bench:7")).isEqualTo("precious");
        }
        bench("set", "-n", "100", "-r", "50", "--prefix", "elsewhere:").ok();
        bench("set", "-n", "100", "-r", "50", "--reuse").ok();
        try (Jedis j = redis.server().jedis()) {
            assertThat(j.get("other:1")).isEqualTo("untouched");
            assertThat(j.dbSize()).isEqualTo(1);
        }
    }

    @Test
    void keep_leaves_the_keys_with_their_ttl() {
        JsonNode r = bench("set", "-n", "200", "-r", "20", "--keep", "--ttl", "1h", "--json").ok().json();
        assertThat(r.at("/cleanup/kept").asBoolean()).isTrue();
        assertThat(r.at("/latency_ms/writes/count").asLong()).isEqualTo(200);
        assertThat(r.get("hit_rate").isNull()).isTrue();
        try (Jedis j = redis.server().jedis()) {
            assertThat(j.dbSize()).isEqualTo(20);
            assertThat(j.ttl("cachectl:bench:0")).isBetween(3500L, 3600L);
            assertThat(j.strlen("cachectl:bench:0")).isEqualTo(100);
        }
    }

    @Test
    void check_exits_1_only_when_a_target_fails() {
        bench("get", "-n", "500", "-c", "2", "-r", "50", "--check").expectExit(0);
        Cli.Result failed = bench("get", "-n", "500", "-c", "2", "-r", "50", "--check", "--max-latency-ms", "0.0001");
        failed.expectExit(1);
        assertThat(failed.out()).contains("FAIL", "latency");
        bench("get", "-n", "500", "-c", "2", "-r", "50", "--max-latency-ms", "0.0001").expectExit(0);
        // a cold cache-aside run misses (nearly) always: the hit-rate target fails
        bench("cache-aside", "-n", "300", "-c", "2", "-r", "100000", "--uniform", "--backend-ms", "0", "--check")
                .expectExit(1);
    }

    @Test
    void human_output_has_the_latency_table_sparklines_and_targets() {
        String out = bench("mixed", "--duration", "2s", "-c", "2", "-r", "100", "--ratio", "1:3").ok().out();
        assertThat(out).contains("cachectl bench mixed", "req/s", "latency (ms)", "hits", "writes", "p99.9",
                "Targets", "hit_rate", "bench keys deleted", "SET share 25.0 %");
        assertThat(out).containsPattern("req/s +[▁▂▃▄▅▆▇█]{2,}");
    }

    @Test
    void progress_on_a_terminal_shows_rps_and_hit_rate_on_stderr_only() {
        Cli.Result r = cli().url(redis.server().url()).terminal("")
                .run("bench", "cache-aside", "--duration", "2s", "-c", "2", "-r", "100", "--backend-ms", "1").ok();
        assertThat(r.err()).contains("bench cache-aside", "rps", "hit rate");
        assertThat(r.out()).doesNotContain("rps ·");
    }

    @Test
    void bad_options_are_usage_errors() {
        assertThat(bench("teleport").expectExit(2).err()).contains("unknown workload");
        bench("get", "-n", "5", "--duration", "1s").expectExit(2);
        bench("mixed", "--ratio", "x").expectExit(2);
        bench("get", "-d", "10-5").expectExit(2);
        assertThat(dbsize()).isZero();
    }

    @Test
    void write_through_updates_set_the_value_and_value_size_ranges_are_respected() {
        JsonNode r = bench("write-through", "-n", "3000", "-c", "4", "-r", "200", "--update-ratio", "0.3",
                "-d", "10-20", "--backend-ms", "0", "--keep", "--json").ok().json();
        assertThat(r.get("writes").asLong()).isGreaterThan(r.get("misses").asLong()); // updates + miss SETs
        assertThat(r.at("/parameters/update_ratio").asDouble()).isEqualTo(0.3);
        try (Jedis j = redis.server().jedis()) {
            for (String k : j.keys("cachectl:bench:*")) {
                assertThat(j.strlen(k)).isBetween(10L, 20L);
            }
        }
    }
}
