package io.cachectl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BenchLatencyTest {
    @Test
    void zipf_sampler_prefers_low_ranks_and_stays_in_range() {
        ZipfSampler z = new ZipfSampler(1000, 0.99);
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        int[] counts = new int[1001];
        for (int i = 0; i < 200_000; i++) {
            int k = z.sample(r);
            assertThat(k).isBetween(1, 1000);
            counts[k]++;
        }
        // P(1)/P(2) = 2^0.99 ≈ 1.99 for Zipf(0.99)
        assertThat((double) counts[1] / counts[2]).isBetween(1.8, 2.2);
        assertThat(counts[1]).isGreaterThan(counts[10] * 8);
    }

    @Test
    void key_names_are_prefix_and_index() {
        KeySpace ks = new KeySpace("p:", 10, null, java.util.List.of(
                new io.cachectl.connect.Node("h", 1, io.cachectl.connect.Node.Role.PRIMARY, null, null,
                        java.util.List.of())), false);
        assertThat(ks.name(7)).isEqualTo("p:7");
    }

    @Test
    void sparkline_scales_to_the_maximum() {
        var pts = java.util.List.of(new BenchReport.Second(1, 10, null, null),
                new BenchReport.Second(2, 80, null, null));
        assertThat(BenchView.spark(pts, BenchReport.Second::rps, 0)).isEqualTo("▂█");
    }

    @Test
    void histogram_percentiles_are_what_hdrhistogram_says() {
        Histogram h = new Histogram(3);
        for (int us = 1; us <= 1000; us++) {
            h.recordValue(us);
        }
        BenchReport.Latency l = BenchService.latency(h);
        assertThat(l.count()).isEqualTo(1000);
        assertThat(l.p50()).isEqualTo(h.getValueAtPercentile(50) / 1000.0);
        assertThat(l.p99()).isEqualTo(h.getValueAtPercentile(99) / 1000.0);
        assertThat(l.p50()).isBetween(0.499, 0.501);
        assertThat(l.max()).isBetween(0.999, 1.001);
    }
}
