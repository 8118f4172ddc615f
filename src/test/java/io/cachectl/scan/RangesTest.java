package io.cachectl.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachectl.connect.Info;
import io.cachectl.error.CachectlException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layout decision and the cursor text, as pure functions of INFO text and cursor strings. */
class RangesTest {
    private static Info info(String server, String cluster) {
        return Info.parse(server + "\r\n# Cluster\r\ncluster_enabled:" + cluster + "\r\n");
    }

    @Test
    void the_layout_follows_product_version_and_cluster_mode() {
        assertThat(KeyspaceLayout.of(info("redis_version:7.0.15", "0"))).isEqualTo(KeyspaceLayout.ONE_DICT);
        assertThat(KeyspaceLayout.of(info("redis_version:8.0.2", "0"))).isEqualTo(KeyspaceLayout.ONE_DICT);
        assertThat(KeyspaceLayout.of(info("redis_version:7.0.15", "1"))).isEqualTo(KeyspaceLayout.ONE_DICT);
        assertThat(KeyspaceLayout.of(info("redis_version:7.2.5", "1"))).isEqualTo(KeyspaceLayout.ONE_DICT);
        assertThat(KeyspaceLayout.of(info("redis_version:7.4.1", "1"))).isEqualTo(KeyspaceLayout.PER_SLOT);
        assertThat(KeyspaceLayout.of(info("redis_version:8.0.2", "1"))).isEqualTo(KeyspaceLayout.PER_SLOT);
        String valkey8 = "redis_version:7.2.4\r\nserver_name:valkey\r\nvalkey_version:8.0.1";
        assertThat(KeyspaceLayout.of(info(valkey8, "1"))).isEqualTo(KeyspaceLayout.PER_SLOT);
        assertThat(KeyspaceLayout.of(info(valkey8, "0"))).isEqualTo(KeyspaceLayout.ONE_DICT);
        String valkey7 = "redis_version:7.2.4\r\nserver_name:valkey\r\nvalkey_version:7.2.8";
        assertThat(KeyspaceLayout.of(info(valkey7, "1"))).isEqualTo(KeyspaceLayout.ONE_DICT);
        assertThat(KeyspaceLayout.of(info("redis_version:7.2.4\r\nserver_name:someproxy", "1")))
                .isEqualTo(KeyspaceLayout.UNKNOWN);
        assertThat(info(valkey8, "1").product()).isEqualTo("Valkey 8.0.1");
        assertThat(info("redis_version:7.0.15", "0").product()).isEqualTo("Redis 7.0.15");
    }

    @Test
    void per_slot_ranges_split_the_served_slots_evenly_and_cover_all_16384() {
        assertThat(Ranges.slotQuantiles(List.of(new int[] {5461, 10922}))).containsExactly(0, 6826, 8192, 9557);
        assertThat(Ranges.slotQuantiles(List.of())).containsExactly(0, 4096, 8192, 12288);
        // two ranges served: the quantiles follow the served slots, not the slot numbers
        assertThat(Ranges.slotQuantiles(List.of(new int[] {0, 99}, new int[] {16000, 16383})))
                .containsExactly(0, 16021, 16142, 16263); // 121 served slots each
    }

    @Test
    void cursors_round_trip_in_their_own_layout() {
        Ranges.Resume r = Ranges.parse("s0:81936/6826:-/8192:8195/9557:9557", KeyspaceLayout.PER_SLOT, "n:1", "Valkey 8.0.1");
        assertThat(r.ranges().size()).isEqualTo(4);
        assertThat(r.ranges().format(r.cursors())).isEqualTo("s0:81936/6826:-/8192:8195/9557:9557");
        assertThat(r.ranges().done(1, "-")).isTrue();
        assertThat(r.ranges().done(0, "6826")).isTrue();
        assertThat(r.ranges().done(3, "0")).isTrue();
        Ranges.Resume one = Ranges.parse("4096/-/77/3", KeyspaceLayout.ONE_DICT, "n:1", "Redis 7.0.15");
        assertThat(one.ranges().format(one.cursors())).isEqualTo("4096/-/77/3");
        assertThat(Ranges.parse("0", KeyspaceLayout.PER_SLOT, "n:1", "Valkey 8.0.1")).isNull();
        assertThat(Ranges.parse("1234", KeyspaceLayout.UNKNOWN, "n:1", "X").cursors()).containsExactly("1234");
    }

    @Test
    void a_cursor_of_another_layout_or_out_of_its_ranges_is_a_usage_error() {
        assertThatThrownBy(() -> Ranges.parse("4096/-/77/3", KeyspaceLayout.PER_SLOT, "n:1", "Valkey 8.0.1"))
                .isInstanceOf(CachectlException.class).hasMessageContaining("one keyspace dictionary");
        assertThatThrownBy(() -> Ranges.parse("1234", KeyspaceLayout.PER_SLOT, "n:1", "Valkey 8.0.1"))
                .isInstanceOf(CachectlException.class);
        assertThatThrownBy(() -> Ranges.parse("s0:12", KeyspaceLayout.ONE_DICT, "n:1", "Redis 7.0.15"))
                .isInstanceOf(CachectlException.class).hasMessageContaining("per hash slot");
        assertThatThrownBy(() -> Ranges.parse("4096/-/77/3", KeyspaceLayout.UNKNOWN, "n:1", "X"))
                .isInstanceOf(CachectlException.class);
        // chain 2 holds a cursor of slot 5000, outside 6826..8191
        assertThatThrownBy(() -> Ranges.parse("s0:-/6826:" + (5000 + 16384L * 3) + "/8192:-/9557:-",
                KeyspaceLayout.PER_SLOT, "n:1", "Valkey 8.0.1")).isInstanceOf(CachectlException.class)
                .hasMessageContaining("outside its slots");
        assertThatThrownBy(() -> Ranges.parse("s5:1/6826:-", KeyspaceLayout.PER_SLOT, "n:1", "Valkey 8.0.1"))
                .isInstanceOf(CachectlException.class).hasMessageContaining("start at slot 0");
    }
}
