package io.cachectl.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WatchPanelTest {
    @Test
    void sparkline_scales_between_min_and_max_and_leaves_gaps_for_missing_values() {
        assertThat(WatchPanel.sparkline(List.of(0.0, 50.0, 100.0))).isEqualTo("▁▅█");
        assertThat(WatchPanel.sparkline(List.of(3.0, 3.0))).isEqualTo("▁▁");
        assertThat(WatchPanel.sparkline(List.of(1.0, Double.NaN, 2.0))).isEqualTo("▁ █");
    }
}
