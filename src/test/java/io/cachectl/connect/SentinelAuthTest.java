package io.cachectl.connect;

import static io.cachectl.testing.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.error.ExitCode;
import io.cachectl.testing.Cli;
import io.cachectl.testing.RedisExtension;
import io.cachectl.testing.RedisSentinels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sentinels and servers that all require a password: the URL's (or REDISCLI_AUTH's) is used for both. */
class SentinelAuthTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.withSentinels("s3cret");

    @Test
    void the_password_reaches_the_sentinels_when_they_ask_and_the_primary() {
        RedisSentinels s = redis.sentinels();
        String withPassword = s.url().replace("redis-sentinel://", "redis-sentinel://:s3cret@");
        Cli.Result r = cli().url(withPassword).run("stats", "--json", "--latency-samples", "2").ok();
        JsonNode json = r.json();
        assertThat(json.get("target").asText()).startsWith("redis-sentinel://:****@");
        assertThat(json.get("sentinel").get("agreeing").asInt()).isEqualTo(3);
        assertThat(r.all()).doesNotContain("s3cret");
        cli().url(s.url()).env("REDISCLI_AUTH", "s3cret").run("stats", "--latency-samples", "1").ok();
        Cli.Result none = cli().url(s.url()).run("stats").expectExit(ExitCode.UNAVAILABLE);
        assertThat(none.err()).contains("authentication");
        Cli.Result wrong = cli().url(s.url().replace("redis-sentinel://", "redis-sentinel://:nope@")).run("stats")
                .expectExit(ExitCode.UNAVAILABLE);
        assertThat(wrong.err()).doesNotContain("nope");
    }
}
