package io.cachectl.effect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void a_running_count_is_visible_to_other_readers_and_is_kept_after_the_process_ends(@TempDir Path dir)
            throws Exception {
        Map<String, String> env = Map.of("CACHECTL_STATE_DIR", dir.toString());
        Ledger scanner = Ledger.open(env);
        Ledger stats = Ledger.open(env);
        Ledger.Entry e = scanner.entry(RUN);
        e.add(100, 2);
        assertThat(stats.total(RUN)).isEqualTo(new SelfEffect(100, 2)); // read while the scan runs
        Ledger other = Ledger.open(env);
        other.entry(RUN).add(5, 0);
        assertThat(stats.total(RUN)).isEqualTo(new SelfEffect(105, 2));
        scanner.close();
        other.close();
        assertThat(stats.total(RUN)).isEqualTo(new SelfEffect(105, 2)); // folded into the total
        try (var files = Files.list(dir.resolve(RUN))) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("*.live").contains("total");
        }
        assertThat(stats.total("ffffffffffffffffffffffffffffffffffffffff")).isEqualTo(SelfEffect.NONE);
    }

    @Test
    void off_disables_it_and_a_bad_run_id_is_never_a_path(@TempDir Path dir) {
        Ledger off = Ledger.open(Map.of("CACHECTL_STATE_DIR", "off"));
        off.entry(RUN).add(1, 1);
        assertThat(off.total(RUN)).isEqualTo(SelfEffect.NONE);
        Ledger on = Ledger.open(Map.of("CACHECTL_STATE_DIR", dir.toString()));
        on.entry("../../etc").add(1, 1);
        assertThat(on.total("../../etc")).isEqualTo(SelfEffect.NONE);
    }

    @Test
    void ledgers_of_servers_untouched_for_30_days_are_removed(@TempDir Path dir) throws Exception {
        String old = "ffffffffffffffffffffffffffffffffffffffff";
        Path stale = Files.createDirectories(dir.resolve(old));
        Files.write(stale.resolve("total"), new byte[16]);
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() - 31L * 86_400_000L));
        Ledger l = Ledger.open(Map.of("CACHECTL_STATE_DIR", dir.toString()));
        l.entry(RUN).add(1, 0);
        l.close();
        assertThat(Files.exists(stale)).isFalse();
        assertThat(Ledger.open(Map.of("CACHECTL_STATE_DIR", dir.toString())).total(RUN)).isEqualTo(new SelfEffect(1, 0));
    }
}
