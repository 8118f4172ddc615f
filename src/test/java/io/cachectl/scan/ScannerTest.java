package io.cachectl.scan;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.Connector;
import io.cachectl.connect.RedisUrl;
import io.cachectl.connect.Target;
import io.cachectl.output.Progress;
import io.cachectl.testing.RedisExtension;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

class ScannerTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.standalone();

    private static Target target() {
        return Connector.open(ConnectionSettings.of(RedisUrl.parse(redis.server().url())));
    }

    private static void fill(String prefix, int n) {
        try (Jedis j = redis.server().jedis(); Pipeline p = j.pipelined()) {
            for (int i = 0; i < n; i++) {
                p.set(prefix + i, "v");
            }
            p.sync();
        }
    }

    @Test
    void keys_deleted_mid_scan_are_skipped_not_errors() throws Exception {
        fill("doomed:", 30_000);
        AtomicBoolean done = new AtomicBoolean();
        Thread deleter = new Thread(() -> {
            try (Jedis j = redis.server().jedis()) {
                for (int i = 29_999; i >= 0 && !done.get(); i -= 2) {
                    j.unlink("doomed:" + i);
                }
            }
        });
        AtomicLong delivered = new AtomicLong();
        ScanSummary s;
        try (Target target = target()) {
            deleter.start();
            s = new Scanner(target).run(new ScanOptions().match("doomed:*").count(200).allowScript(false)
                    .probes(Probe.TYPE, Probe.MEMORY, Probe.TTL, Probe.LENGTH),
                    (node, batch) -> batch.forEach(k -> {
                        assertThat(k.type()).isEqualTo("string");
                        assertThat(k.bytes()).isPositive();
                        delivered.incrementAndGet();
                    }), Progress.none());
        } finally {
            done.set(true);
            deleter.join();
        }
        assertThat(s.error()).isNull();
        assertThat(s.completed()).isTrue();
        assertThat(s.keysScanned()).isEqualTo(delivered.get()).isGreaterThanOrEqualTo(15_000);
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
        }
    }

    @Test
    void rate_throttles_the_scan() {
        fill("slow:", 1000);
        long t0 = System.nanoTime();
        try (Target target = target()) {
            ScanSummary s = new Scanner(target).run(new ScanOptions().match("slow:*").rate(2500).probes(Probe.TTL),
                    (node, batch) -> { }, Progress.none());
            assertThat(s.keysScanned()).isEqualTo(1000);
        }
        assertThat((System.nanoTime() - t0) / 1e9).isGreaterThan(0.3);
    }

    @Test
    void bad_cursor_and_sample_with_match_are_usage_errors() {
        cli().url(redis.server().url()).run("bigkeys", "--cursor", "abc").expectExit(2);
        cli().url(redis.server().url()).run("bigkeys", "--cursor", "10.0.0.1:1=5").expectExit(2);
        cli().url(redis.server().url()).run("bigkeys", "--cursor", "5/7").expectExit(2); // a range cursor has 4 parts
        cli().url(redis.server().url()).run("ttl-audit", "--sample", "10", "--match", "a*").expectExit(2);
        cli().url(redis.server().url()).run("bigkeys", "--threshold", "huge").expectExit(2);
    }

    @Test
    void script_cache_flushed_mid_scan_is_reloaded_and_no_key_is_lost() {
        fill("flushed:", 5000);
        AtomicLong delivered = new AtomicLong();
        AtomicBoolean flushed = new AtomicBoolean();
        try (Target target = target()) {
            ScanSummary s = new Scanner(target).run(new ScanOptions().match("flushed:*").count(100)
                    .probes(Probe.TYPE, Probe.MEMORY, Probe.TTL, Probe.LENGTH),
                    (node, batch) -> {
                        if (flushed.compareAndSet(false, true)) {
                            try (Jedis j = redis.server().jedis()) {
                                j.scriptFlush(); // the calls already in flight fail with NOSCRIPT
                            }
                        }
                        batch.forEach(k -> {
                            assertThat(k.type()).isEqualTo("string");
                            assertThat(k.length()).isEqualTo(1);
                            delivered.incrementAndGet();
                        });
                    }, Progress.none());
            assertThat(s.error()).isNull();
            assertThat(s.completed()).isTrue();
            assertThat(s.nodes().get(0).method()).isEqualTo("script");
            assertThat(s.keysScanned()).isEqualTo(delivered.get()).isEqualTo(5000);
        }
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
        }
    }

    private static java.util.Set<String> scanKeys(Target target, ScanOptions options, AtomicLong delivered,
            ScanSummary[] summary) {
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        summary[0] = new Scanner(target).run(options.probes(Probe.TYPE, Probe.MEMORY, Probe.LENGTH),
                (node, batch) -> batch.forEach(k -> {
                    seen.add(k.display());
                    delivered.incrementAndGet();
                }), Progress.none());
        return seen;
    }

    @Test
    void scripted_scan_in_cursor_ranges_returns_every_key_exactly_once() {
        fill("ranged:", 20_000);
        fill("other:", 5_000);
        try (Target target = target()) {
            for (int count : new int[] {37, 1000}) { // small calls cross the range ends often mid-call
                AtomicLong delivered = new AtomicLong();
                ScanSummary[] s = new ScanSummary[1];
                java.util.Set<String> keys = scanKeys(target, new ScanOptions().count(count), delivered, s);
                assertThat(s[0].error()).isNull();
                assertThat(s[0].nodes().get(0).method()).isEqualTo("script");
                assertThat(delivered.get()).as("no key twice (count %d)", count).isEqualTo(25_000);
                assertThat(keys).hasSize(25_000);
                AtomicLong matched = new AtomicLong();
                java.util.Set<String> ranged = scanKeys(target, new ScanOptions().count(count).match("ranged:*"),
                        matched, s);
                assertThat(matched.get()).isEqualTo(20_000);
                assertThat(ranged).hasSize(20_000).allMatch(k -> k.startsWith("ranged:"));
            }
        }
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
        }
    }

    @Test
    void stopped_scripted_scan_resumes_from_its_cursor_with_no_key_lost_or_repeated() {
        fill("resume:", 30_000);
        try (Target target = target()) {
            AtomicLong first = new AtomicLong();
            ScanSummary[] s = new ScanSummary[1];
            java.util.Set<String> before = scanKeys(target, new ScanOptions().count(100)
                    .stopWhen(() -> first.get() >= 7_000), first, s);
            assertThat(s[0].completed()).isFalse();
            String cursor = s[0].resumeCursor();
            assertThat(cursor).contains("/");
            AtomicLong second = new AtomicLong();
            java.util.Set<String> after = scanKeys(target, new ScanOptions().count(100)
                    .cursors(Cursors.parse(cursor)), second, s);
            assertThat(s[0].completed()).isTrue();
            assertThat(first.get() + second.get()).isEqualTo(30_000);
            java.util.Set<String> all = new java.util.HashSet<>(before);
            all.addAll(after);
            assertThat(all).hasSize(30_000);
        }
        try (Jedis j = redis.server().jedis()) {
            j.flushAll();
        }
    }
}
