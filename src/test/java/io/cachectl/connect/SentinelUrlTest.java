package io.cachectl.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachectl.error.CachectlException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentinelUrlTest {
    @Test
    void parses_hosts_credentials_db_and_master_in_both_forms() {
        SentinelUrl u = SentinelUrl.parse("redis-sentinel://app:p@ss/w:rd@s1:26380,s2,[::1]:26381/2?master=cache");
        assertThat(u.sentinels()).containsExactly(new SentinelUrl.Address("s1", 26380),
                new SentinelUrl.Address("s2", 26379), new SentinelUrl.Address("::1", 26381));
        assertThat(u.user()).isEqualTo("app");
        assertThat(u.password()).isEqualTo("p@ss/w:rd");
        assertThat(u.db()).isEqualTo(2);
        assertThat(u.master()).isEqualTo("cache");
        assertThat(u.masked()).isEqualTo("redis-sentinel://app:****@s1:26380,s2:26379,[::1]:26381/2?master=cache")
                .doesNotContain("p@ss");
        SentinelUrl lettuce = SentinelUrl.parse("redis-sentinel://:secret@h:1/0#mymaster");
        assertThat(lettuce.master()).isEqualTo("mymaster");
        assertThat(lettuce.password()).isEqualTo("secret");
        assertThat(lettuce.user()).isNull();
        assertThat(lettuce.at("10.0.0.1", 6379)).isEqualTo(new RedisUrl(false, "10.0.0.1", 6379, null, "secret", 0));
    }

    @Test
    void refuses_what_it_cannot_use_without_showing_the_password() {
        for (String bad : List.of("redis-sentinel://:secret@h:1", "redis-sentinel://:secret@h:x?master=m",
                "redis-sentinel://:secret@h:1,,h:2?master=m", "redis-sentinel://:secret@h:1/x?master=m",
                "redis-sentinel://:secret@h:1?master=m&tls=1")) {
            assertThatThrownBy(() -> SentinelUrl.parse(bad)).isInstanceOf(CachectlException.class)
                    .hasMessageContaining("bad Sentinel URL").hasMessageNotContaining("secret");
        }
    }
}
