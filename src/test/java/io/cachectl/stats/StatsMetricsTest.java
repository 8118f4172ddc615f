package io.cachectl.stats;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cachectl.error.ExitCode;
import io.cachectl.testing.RedisExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** stats --format prometheus|openmetrics, checked by real parsers: promtool, and prometheus_client's OpenMetrics parser. */
class StatsMetricsTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone(b -> b.maxmemory("64mb").policy("allkeys-lru"));

    @BeforeAll
    static void traffic() {
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
            j.set("user:1", "a");
            j.setex("session:1", 60, "b");
            for (int i = 0; i < 50; i++) {
                j.get("missing:" + i); // hit rate 2 %: the hit_rate target FAILs
            }
            j.get("user:1");
        }
    }

    static String metrics(String format, String... extra) {
        String[] args = new String[4 + extra.length];
        args[0] = "stats";
        args[1] = "--format";
        args[2] = format;
        args[3] = "--latency-samples=3";
        System.arraycopy(extra, 0, args, 4, extra.length);
        return cli().url(redis.server().url()).run(args).ok().out();
    }

    @Test
    void prometheus_text_passes_promtool_check_metrics() throws Exception {
        String text = metrics("prometheus");
        assertThat(text).contains("# TYPE cachectl_keyspace_hits_total counter",
                "cachectl_keyspace_misses_total{node=\"127.0.0.1:" + redis.server().port() + "\",role=\"primary\"} ",
                "cachectl_memory_max_bytes{node=\"127.0.0.1:" + redis.server().port() + "\",role=\"primary\"} 67108864",
                "cachectl_target_failed{target=\"hit_rate\"} 1",
                "cachectl_target_status{target=\"hit_rate\",status=\"fail\"} 1",
                "cachectl_target_status{target=\"hit_rate\",status=\"pass\"} 0",
                "cachectl_keys{node=\"127.0.0.1:" + redis.server().port() + "\",role=\"primary\",db=\"0\"} 2")
                .doesNotContain("# EOF", "# UNIT");
        assumeTrue(onPath("promtool"), "promtool not installed: apt-get install prometheus (scripts/setup-deps does)");
        assertThat(run(List.of("promtool", "check", "metrics"), text)).isEqualTo("exit 0: ");
    }

    @Test
    void openmetrics_text_parses_with_an_openmetrics_parser() throws Exception {
        String text = metrics("openmetrics");
        assertThat(text).endsWith("# EOF\n").contains("# TYPE cachectl_keyspace_hits counter",
                "cachectl_keyspace_hits_total{", "# UNIT cachectl_memory_used_bytes bytes",
                "# UNIT cachectl_ping_latency_p99_seconds seconds");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")) && run(List.of("/usr/bin/python3", "-c",
                "import prometheus_client"), "").startsWith("exit 0"),
                "prometheus_client for Python not installed: apt-get install python3-prometheus-client");
        String check = "import sys\nfrom prometheus_client.openmetrics.parser import text_string_to_metric_families\n"
                + "print(sum(len(f.samples) for f in text_string_to_metric_families(sys.stdin.read())))\n";
        String out = run(List.of("/usr/bin/python3", "-c", check), text);
        assertThat(out).startsWith("exit 0: ");
        assertThat(Integer.parseInt(out.substring("exit 0: ".length()).trim())).isGreaterThan(30);
    }

    @Test
    void an_interval_report_has_window_ratios_but_no_counters_and_bad_combinations_are_exit_2() {
        String text = metrics("prometheus", "--interval", "300ms");
        assertThat(text).contains("cachectl_window_seconds 0.").doesNotContain("_total");
        assertThat(cli().url(redis.server().url()).run("stats", "--format", "openmetrics", "--watch", "1s")
                .expectExit(ExitCode.USAGE).err()).contains("not with --watch");
        assertThat(cli().url(redis.server().url()).run("stats", "--format", "xml").expectExit(ExitCode.USAGE).err())
                .contains("expected text, json, prometheus or openmetrics");
        cli().url(redis.server().url()).run("stats", "--format", "prometheus", "--json").expectExit(ExitCode.USAGE);
        assertThat(cli().url(redis.server().url()).run("stats", "--format", "json", "--latency-samples", "1").ok()
                .json().get("targets")).hasSize(4);
    }

    private static String run(List<String> cmd, String stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timeout: " + out;
        }
        return "exit " + p.exitValue() + ": " + out;
    }

    private static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }
}
