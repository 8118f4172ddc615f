package io.cachectl.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The wording of connection failures that a real server produces only by chance of timing (the
 * fault matrix met "Connection reset" once the fault was struck right after the first INFO): the
 * exceptions are built the way Jedis builds them, and the words users read are checked.
 */
class RedisErrorsTest {
    @Test
    void a_connection_reset_mid_session_is_a_connection_closed_by_the_server_not_a_java_class_name() {
        JedisConnectionException e = new JedisConnectionException(new SocketException("Connection reset"));
        String said = RedisErrors.describe(e, "127.0.0.1:6379");
        assertThat(said).startsWith("connection to 127.0.0.1:6379 closed by the server").doesNotContain("Exception");
    }

    @Test
    void other_socket_failures_say_what_happened_without_the_exception_class() {
        JedisConnectionException e = new JedisConnectionException(new SocketException("Network is unreachable"));
        String said = RedisErrors.describe(e, "10.0.0.1:6379");
        assertThat(said).isEqualTo("connection to 10.0.0.1:6379 failed: Network is unreachable (check REDIS_URL and the server)");
    }
}
