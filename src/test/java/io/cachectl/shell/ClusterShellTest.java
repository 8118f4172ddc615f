package io.cachectl.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachectl.testing.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClusterShellTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.cluster(3);

    @Test
    void raw_commands_go_to_the_primary_serving_the_key_and_commands_see_the_cluster() {
        StringBuilder typed = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            typed.append("SET user:").append(i).append(" v").append(i).append('\n');
        }
        typed.append("GET user:7\nGET user:13\nDBSIZE\nstats --json\ninfo keyspace\ndoctor --interval 0\n");
        String screen = ShellHarness.session(redis.cluster().url(), typed.toString());
        assertThat(screen).contains("\"v7\"", "\"v13\"", "\"mode\" : \"cluster\"", "cachectl doctor", "db0:keys=")
                .doesNotContain("MOVED", "error:");
        assertThat(screen).contains("[0] cluster>");
    }
}
