package io.cachectl.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WatchPanelTest {
    @Test
    void sparkline_scales_from_zero_to_the_maximum_and_leaves_gaps_for_missing_values() {
        assertThat(WatchPanel.sparkline(List.of(0.0, 50.0, 100.0))).isEqualTo("▁▅█");
        assertThat(WatchPanel.sparkline(List.of(3.0, 3.0))).isEqualTo("██");
        assertThat(WatchPanel.sparkline(List.of(1.0, Double.NaN, 2.0))).isEqualTo("▅ █");
    }

    @Test
    void a_flat_memory_figure_stays_flat_on_a_zero_to_maxmemory_scale() {
        // 7.8 MB of a 1 GB maxmemory, unchanged: a low flat line, never a "collapse" to the floor after a peak
        assertThat(WatchPanel.sparkline(List.of(0.76, 0.76, 0.76), 100.0)).isEqualTo("▁▁▁");
        assertThat(WatchPanel.sparkline(List.of(80.0, 80.5, 80.0), 100.0)).isEqualTo("▇▇▇");
    }
}
