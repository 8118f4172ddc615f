package io.cachectl.scan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamespacesTest {
    @Test
    void groups_by_the_first_segments_and_collapses_ids() {
        Namespaces ns = Namespaces.defaults();
        assertThat(ns.of("user:profile:123")).isEqualTo("user:profile:*");
        assertThat(ns.of("user:profile:456:avatar")).isEqualTo("user:profile:*");
        assertThat(ns.of("user:123")).isEqualTo("user:*");
        assertThat(ns.of("user:123:profile")).isEqualTo("user:*:*");
        assertThat(ns.of("session:550e8400-e29b-41d4-a716-446655440000:data")).isEqualTo("session:*:*");
        assertThat(ns.of("analysis:property:9f86d081884c7d65:x")).isEqualTo("analysis:property:*");
        assertThat(ns.of("cache:9f86d081884c7d659a2f:x")).isEqualTo("cache:*:*");
        assertThat(ns.of("plainkey")).isEqualTo(Namespaces.NONE);
        assertThat(new Namespaces(":", 2, false).of("user:123:profile")).isEqualTo("user:123:*");
    }

    @Test
    void depth_and_several_delimiters() {
        Namespaces deep = new Namespaces(":/", 3, true);
        assertThat(deep.of("api/v1:users:42:x")).isEqualTo("api/v1:users:*");
        assertThat(deep.of("a/b/c/d")).isEqualTo("a/b/c/*");
        assertThat(new Namespaces(":", 1, true).of("user:profile:1")).isEqualTo("user:*");
        assertThat(new Namespaces("|", 2, true).of("user:profile:1")).isEqualTo(Namespaces.NONE);
    }

    @Test
    void binary_keys_are_escaped_and_never_crash() {
        byte[] key = {(byte) 0xff, 0x00, ':', 'x', '\\'};
        assertThat(Keys.display(key)).isEqualTo("\\xff\\x00:x\\\\");
        assertThat(Namespaces.defaults().of(key)).isEqualTo("\\xff\\x00:*");
        assertThat(Keys.display("caf\u00e9:1".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("café:1");
    }

    @Test
    void glob_matching_follows_redis() {
        assertThat(Keys.globMatch("user:*", "user:1")).isTrue();
        assertThat(Keys.globMatch("user:*", "users")).isFalse();
        assertThat(Keys.globMatch("h?llo", "hello")).isTrue();
        assertThat(Keys.globMatch("h[ae]llo", "hallo")).isTrue();
        assertThat(Keys.globMatch("h[^e]llo", "hello")).isFalse();
        assertThat(Keys.globMatch("h[a-c]llo", "hbllo")).isTrue();
        assertThat(Keys.globMatch("a\\*b", "a*b")).isTrue();
        assertThat(Keys.globMatch("*", "")).isTrue();
    }

    @Test
    void capped_table_merges_the_lightest_into_other() {
        CappedTable<long[]> t = new CappedTable<>(4, () -> new long[1], (a, b) -> b[0] += a[0], a -> a[0]);
        for (int i = 0; i < 10; i++) {
            t.get("n" + i)[0] += i;
        }
        assertThat(t.entries().size()).isLessThanOrEqualTo(5);
        assertThat(t.merged()).isTrue();
        assertThat(t.entries().values().stream().mapToLong(a -> a[0]).sum()).isEqualTo(45);
    }

    @Test
    void raw_key_fast_path_agrees_with_the_display_form() {
        String[] keys = {"user:profile:123", "user:profile:456:avatar", "user:123", "user:123:profile",
            "session:550e8400-e29b-41d4-a716-446655440000:data", "cache:9f86d081884c7d659a2f:x", "plainkey", "",
            ":lead", "a::b", "api/v1:users:42:x", "a/b/c/d", "back\\slash:x:y", "caf\u00e9:menu:1", "tab\tkey:1:2",
            "x".repeat(200) + ":" + "y".repeat(100) + ":z"};
        Namespaces[] all = {Namespaces.defaults(), new Namespaces(":/", 3, true), new Namespaces(":", 1, false),
            new Namespaces("|", 2, true)};
        for (Namespaces ns : all) {
            for (int round = 0; round < 2; round++) { // second round: from the cache
                for (String k : keys) {
                    byte[] raw = k.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    assertThat(ns.of(raw)).as(k).isEqualTo(ns.of(Keys.display(raw)));
                }
                byte[] binary = {(byte) 0xff, 0, ':', 'a', ':', 'b'};
                assertThat(ns.of(binary)).isEqualTo(ns.of(Keys.display(binary)));
            }
        }
    }
}
