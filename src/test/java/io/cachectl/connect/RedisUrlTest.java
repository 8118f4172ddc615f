package io.cachectl.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachectl.error.CachectlException;
import io.cachectl.error.ExitCode;
import org.junit.jupiter.api.Test;

class RedisUrlTest {

    @Test
    void parses_every_documented_form() {
        assertThat(RedisUrl.parse("redis://localhost:6379"))
                .isEqualTo(new RedisUrl(false, "localhost", 6379, null, null, 0));
        assertThat(RedisUrl.parse("redis://cache.internal"))
                .isEqualTo(new RedisUrl(false, "cache.internal", 6379, null, null, 0));
        assertThat(RedisUrl.parse("redis://:s3cret@h:7000/3"))
                .isEqualTo(new RedisUrl(false, "h", 7000, null, "s3cret", 3));
        assertThat(RedisUrl.parse("rediss://app:p%40ss%3Aword@h:6380/0"))
                .isEqualTo(new RedisUrl(true, "h", 6380, "app", "p@ss:word", 0));
        assertThat(RedisUrl.parse("redis://[::1]:6379").host()).isEqualTo("::1");
    }

    @Test
    void masked_form_never_shows_the_password() {
        RedisUrl url = RedisUrl.parse("rediss://app:hunter2@h:6380/2");
        assertThat(url.masked()).isEqualTo("rediss://app:****@h:6380/2");
        assertThat(url.toString()).doesNotContain("hunter2");
        assertThat(RedisUrl.mask("redis://u:hunter2@h:1/x?y")).doesNotContain("hunter2");
        assertThat(RedisUrl.mask("redis://:hunter2@h")).doesNotContain("hunter2");
        assertThat(RedisUrl.mask("redis://hunter2@h")).doesNotContain("hunter2");
    }

    @Test
    void bad_urls_are_usage_errors_that_hide_the_password() {
        for (String bad : new String[] {"http://:hunter2@h:1", "redis://:hunter2@h:99999", "redis://:hunter2@h:1/abc",
            "redis://:hunter2@:6379", "not a url", "redis://:hunter2@h:1?ssl=true"}) {
            assertThatThrownBy(() -> RedisUrl.parse(bad))
                    .isInstanceOf(CachectlException.class)
                    .satisfies(e -> {
                        assertThat(((CachectlException) e).exitCode()).isEqualTo(ExitCode.USAGE);
                        assertThat(e.getMessage()).startsWith("bad Redis URL").doesNotContain("hunter2");
                    });
        }
    }
}
