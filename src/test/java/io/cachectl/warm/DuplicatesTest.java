package io.cachectl.warm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounded-memory duplicate finder, in both modes (no server needed). */
class DuplicatesTest {
    private static WarmRecord rec(long line, String key) {
        return new WarmRecord(line, key.getBytes(StandardCharsets.UTF_8), WarmRecord.Kind.STRING, new byte[0], null, 1);
    }

    private static long h(String key) {
        return Duplicates.hash(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void exact_mode_finds_duplicates_within_and_across_threads_and_nothing_else() {
        Duplicates d = new Duplicates(23, true, 1000);
        Duplicates.Sink a = d.sink();
        Duplicates.Sink b = d.sink();
        for (int i = 0; i < 500; i++) {
            a.add(h("k:" + i));
            b.add(h("j:" + i));
        }
        a.add(h("k:7"));   // within a
        b.add(h("k:42"));  // across
        assertThat(d.finish(List.of(a, b))).isTrue();
        assertThat(d.needsConfirmation()).isTrue();
        assertThat(d.isCandidate(h("k:7"))).isTrue();
        assertThat(d.isCandidate(h("k:42"))).isTrue();
        assertThat(d.isCandidate(h("k:8"))).isFalse();
        assertThat(d.firstLineOf(rec(8, "k:7"))).isEqualTo(-1);
        assertThat(d.firstLineOf(rec(9, "k:7"))).isEqualTo(8);
    }

    @Test
    void exact_mode_without_duplicates_needs_no_second_read() {
        Duplicates d = new Duplicates(23, false, 1 << 20);
        Duplicates.Sink s = d.sink();
        for (int i = 0; i < 100_000; i++) {
            s.add(h("user:" + i));
        }
        assertThat(d.finish(List.of(s))).isTrue();
        assertThat(d.needsConfirmation()).isFalse();
    }

    @Test
    void an_overflowing_exact_log_falls_back_to_the_bloom_filter() {
        Duplicates d = new Duplicates(23, false, 100);
        Duplicates.Sink s = d.sink();
        for (int i = 0; i < 1000; i++) {
            s.add(h("x:" + i));
        }
        assertThat(d.finish(List.of(s))).isFalse();
        d.switchToBloom();
        for (int i = 0; i < 1000; i++) {
            d.add(h("x:" + i));
        }
        d.add(h("x:5"));
        assertThat(d.needsConfirmation()).isTrue();
        assertThat(d.isCandidate(h("x:5"))).isTrue();
        // candidates are confirmed exactly: a false positive is never reported
        assertThat(d.firstLineOf(rec(1, "x:5"))).isEqualTo(-1);
        assertThat(d.firstLineOf(rec(2, "x:5"))).isEqualTo(1);
    }

    @Test
    void bloom_mode_false_positives_stay_rare() {
        Duplicates d = new Duplicates(24, true, 0);
        for (int i = 0; i < 1_000_000; i++) {
            d.add(h("bench:item:" + i));
        }
        assertThat(d.abandoned()).isFalse();
        // 16 bits per key: a few hundred false candidates at most, all removed by the exact check
        assertThat(d.needsConfirmation()).isTrue();
    }

    @Test
    void the_bucket_sort_of_hashes_matches_a_plain_sort() {
        java.util.Random rnd = new java.util.Random(7);
        for (int n : new int[] {0, 5, 40_000, 200_000}) {
            long[] a = new long[n + 10];
            for (int i = 0; i < n; i++) {
                a[i] = i % 7 == 0 && i > 0 ? a[i - 1] : i % 11 == 0 ? 42 : rnd.nextLong(); // duplicates and a cluster
            }
            long[] expected = java.util.Arrays.copyOf(a, n);
            java.util.Arrays.sort(expected);
            assertThat(java.util.Arrays.copyOf(Duplicates.sortHashes(a, n), n)).isEqualTo(expected);
        }
    }
}
