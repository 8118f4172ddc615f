package io.cachectl.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** Proves the harness starts real redis-server processes and stops them by pid. */
class RedisHarnessSelfTest {

    @RegisterExtension
    static RedisExtension shared = RedisExtension.standalone(b -> b.maxmemory("10mb").enableDebug());

    @Test
    void standaloneStartsAnswersPingAndStopsByPid() {
        RedisServer server = RedisServer.builder().maxmemory("2mb").policy("allkeys-lru").start();
        long pid = server.pid();
        try (Jedis jedis = server.jedis()) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.configGet("maxmemory")).containsEntry("maxmemory", "2097152");
            assertThat(jedis.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "allkeys-lru");
            assertThat(jedis.configGet("bind")).containsEntry("bind", "127.0.0.1");
        }
        assertThat(server.url()).isEqualTo("redis://127.0.0.1:" + server.port());
        assertThat(server.cli("PING").trim()).isEqualTo("PONG");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

        server.stop();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(server.dir()).doesNotExist();
        server.close(); // idempotent
    }

    @Test
    void extensionProvidesSharedServerAndCliSeedsData() {
        RedisServer server = shared.server();
        server.cli("FLUSHALL");
        server.cli("DEBUG", "POPULATE", "500", "seed");
        try (Jedis jedis = server.jedis()) {
            assertThat(jedis.dbSize()).isEqualTo(500);
            assertThat(jedis.configGet("maxmemory")).containsEntry("maxmemory", String.valueOf(10 * 1024 * 1024));
        }
        assertThatThrownBy(shared::cluster).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void requirePassRejectsUnauthenticatedClients() {
        try (RedisServer server = RedisServer.builder().requirePass("s3cret").start();
             Jedis anonymous = new Jedis(new HostAndPort(server.host(), server.port()), server.clientConfig().build());
             Jedis authed = server.jedis()) {
            assertThatThrownBy(anonymous::ping).isInstanceOf(JedisDataException.class).hasMessageContaining("NOAUTH");
            assertThat(authed.ping()).isEqualTo("PONG");
            assertThat(server.password()).isEqualTo("s3cret");
            assertThat(server.url(null, "s3cret")).isEqualTo("redis://:s3cret@127.0.0.1:" + server.port());
            assertThat(server.cli("PING").trim()).isEqualTo("PONG");
        }
    }

    @Test
    void aclUserIsRestrictedToItsRules() {
        String password = "p@ss w:rd/1";
        try (RedisServer server = RedisServer.builder()
                .aclUser("alice", password, "~* &* +@all -config")
                .aclUser("reader", "r", "~* +@read")
                .start();
             Jedis alice = new Jedis(URI.create(server.url("alice", password)));
             Jedis defaultUser = server.jedis()) {
            assertThat(server.url("alice", password)).startsWith("redis://alice:p%40ss%20w%3Ard%2F1@127.0.0.1:");
            assertThat(alice.aclWhoAmI()).isEqualTo("alice");
            assertThat(alice.set("k", "v")).isEqualTo("OK");
            assertThatThrownBy(() -> alice.configGet("maxmemory"))
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("NOPERM");
            assertThat(defaultUser.aclWhoAmI()).isEqualTo("default");
            assertThat(defaultUser.configGet("maxmemory")).containsKey("maxmemory");
        }
    }

    @Test
    void tlsServerAcceptsOnlyTls() {
        try (RedisServer server = RedisServer.builder().tls().start();
             Jedis jedis = server.jedis()) {
            assertThat(server.isTls()).isTrue();
            assertThat(server.url()).isEqualTo("rediss://127.0.0.1:" + server.port());
            assertThat(server.caCertPem()).isRegularFile();
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(server.cli("PING").trim()).isEqualTo("PONG");
            DefaultJedisClientConfig plain = DefaultJedisClientConfig.builder().socketTimeoutMillis(2000)
                    .clientSetInfoConfig(ClientSetInfoConfig.DISABLED).build();
            try (Jedis plainJedis = new Jedis(new HostAndPort(server.host(), server.port()), plain)) {
                assertThatThrownBy(plainJedis::ping).isInstanceOf(JedisConnectionException.class);
            }
        }
    }

    @Test
    void threePrimaryClusterSpreadsKeysOverAllPrimaries() {
        try (RedisCluster cluster = RedisCluster.start(3)) {
            assertThat(cluster.nodes()).hasSize(3);
            assertThat(cluster.primaries()).hasSize(3);
            assertThat(cluster.url()).isEqualTo(cluster.seed().url());
            for (RedisServer node : cluster.nodes()) {
                try (Jedis jedis = node.jedis()) {
                    assertThat(jedis.clusterInfo()).contains("cluster_state:ok", "cluster_slots_assigned:16384");
                }
            }
            try (RedisClusterClient client = RedisClusterClient.create(
                    new HostAndPort(cluster.seed().host(), cluster.seed().port()))) {
                IntStream.range(0, 300).forEach(i -> client.set("key:" + i, "v" + i));
                assertThat(client.get("key:42")).isEqualTo("v42");
            }
            for (RedisServer primary : cluster.primaries()) {
                try (Jedis jedis = primary.jedis()) {
                    assertThat(jedis.dbSize()).as("keys on %s", primary).isPositive();
                    assertThat(ownsSlots(jedis)).as("slots of %s", primary).isTrue();
                }
            }
        }
    }

    @Test
    void clusterWithOneReplicaPerPrimaryAndCustomizer() {
        List<Long> pids;
        try (RedisCluster cluster = RedisCluster.start(3, 1, b -> b.requirePass("pw").maxmemory("20mb"))) {
            pids = cluster.nodes().stream().map(RedisServer::pid).collect(Collectors.toList());
            assertThat(cluster.nodes()).hasSize(6);
            assertThat(cluster.primaries()).hasSize(3);
            List<RedisServer> replicas = cluster.nodes().stream()
                    .filter(n -> !cluster.primaries().contains(n)).collect(Collectors.toList());
            assertThat(replicas).hasSize(3);
            for (RedisServer replica : replicas) {
                try (Jedis jedis = replica.jedis()) {
                    assertThat(jedis.info("replication")).contains("role:slave", "master_link_status:up");
                    assertThat(jedis.configGet("maxmemory")).containsEntry("maxmemory", String.valueOf(20 << 20));
                }
            }
            try (RedisClusterClient client = RedisClusterClient.create(
                    Set.of(new HostAndPort(cluster.seed().host(), cluster.seed().port())), null, "pw")) {
                assertThat(client.set("a", "1")).isEqualTo("OK");
                assertThat(client.get("a")).isEqualTo("1");
            }
        }
        assertThat(pids).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
    }

    /** Whether the node's own CLUSTER NODES line lists at least one slot range. */
    private static boolean ownsSlots(Jedis jedis) {
        return Arrays.stream(jedis.clusterNodes().split("\n"))
                .filter(l -> l.contains("myself"))
                .anyMatch(l -> l.trim().split(" ").length > 8);
    }
}
