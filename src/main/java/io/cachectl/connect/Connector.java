package io.cachectl.connect;

import io.cachectl.error.CachectlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

/** Opens a {@link Target}: connects to the URL's server, detects cluster mode, learns the topology. */
public final class Connector {
    private Connector() {
    }

    public static Target open(ConnectionSettings settings) {
        if (settings.sentinel() != null) {
            return openThroughSentinels(settings);
        }
        return openDirect(settings);
    }

    /**
     * Asks the sentinels for the primary and opens it as a single server. A sentinel that still names
     * a server that has become a replica (failover under way) is passed over for the next one.
     */
    private static Target openThroughSentinels(ConnectionSettings settings) {
        if (settings.clusterMode() == ConnectionSettings.ClusterMode.CLUSTER) {
            throw CachectlException.usage("--cluster given with a redis-sentinel:// URL: Sentinel serves one primary"
                    + " and its replicas, never a cluster");
        }
        Sentinels sentinels = new Sentinels(settings);
        List<String> notPrimary = new ArrayList<>();
        for (int attempt = 0; ; attempt++) {
            redis.clients.jedis.HostAndPort p = sentinels.primary(notPrimary);
            ConnectionSettings direct = settings.withUrl(settings.sentinel().at(p.getHost(), p.getPort()));
            Target t = openDirect(direct);
            if (t.nodes().get(0).isPrimary()) {
                t.sentinels(sentinels);
                return t;
            }
            t.close();
            notPrimary.add(Sentinels.address(p));
            if (attempt >= settings.sentinel().sentinels().size()) {
                throw CachectlException.unavailable("the sentinels name " + Sentinels.address(p) + " as the primary of '"
                        + sentinels.master() + "', but it is a replica (failover under way? try again)", null);
            }
        }
    }

    private static Target openDirect(ConnectionSettings settings) {
        RedisUrl url = settings.url();
        JedisClientConfig config = config(settings, url.db());
        String where = url.hostPort();
        Jedis seed = connect(new HostAndPort(url.host(), url.port()), config, where);
        try {
            Info info = Info.parse(seed.info());
            boolean cluster = switch (settings.clusterMode()) {
                case CLUSTER -> true;
                case STANDALONE -> false;
                case AUTO -> "1".equals(info.get("cluster_enabled"));
            };
            if (cluster && !"1".equals(info.get("cluster_enabled"))) {
                throw CachectlException.usage("--cluster given, but " + where + " is not in cluster mode"
                        + " (INFO cluster: cluster_enabled:0)");
            }
            List<Node> nodes;
            if (cluster) {
                if (url.db() != 0) {
                    throw CachectlException.usage("Redis Cluster has only database 0, but the URL names db "
                            + url.db());
                }
                nodes = ClusterNodes.parse(seed.clusterNodes(), url.host());
                if (nodes.stream().noneMatch(Node::isPrimary)) {
                    throw CachectlException.unavailable("cluster at " + where
                            + " reports no reachable primary (CLUSTER NODES)", null);
                }
            } else {
                nodes = standaloneNodes(url, info);
            }
            return new Target(settings, config(settings, cluster ? 0 : url.db()),
                    cluster ? Target.Mode.CLUSTER : Target.Mode.STANDALONE, nodes, info, seed);
        } catch (RuntimeException e) {
            seed.close();
            throw RedisErrors.map(e, where);
        }
    }

    private static List<Node> standaloneNodes(RedisUrl url, Info info) {
        List<Node> nodes = new ArrayList<>();
        Node.Role role = "slave".equals(info.get("role")) ? Node.Role.REPLICA : Node.Role.PRIMARY;
        nodes.add(new Node(url.host(), url.port(), role, null, null, List.of()));
        for (Map.Entry<String, String> f : info.fields().entrySet()) {
            if (f.getKey().matches("slave\\d+")) {
                String ip = null;
                long port = 0;
                for (String part : f.getValue().split(",")) {
                    if (part.startsWith("ip=")) {
                        ip = part.substring(3);
                    } else if (part.startsWith("port=")) {
                        port = Long.parseLong(part.substring(5));
                    }
                }
                if (ip != null && port > 0) {
                    nodes.add(new Node(ip, (int) port, Node.Role.REPLICA, null, null, List.of()));
                }
            }
        }
        return nodes;
    }

    static JedisClientConfig config(ConnectionSettings s, int db) {
        RedisUrl url = s.url();
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(s.connectTimeoutMs())
                .socketTimeoutMillis(s.timeoutMs())
                .database(db)
                .clientName("cachectl")
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                // RESP2, on purpose: the raw paths (bench's load engine, warm's lanes) read replies with
                // connect/resp/RespReader, which knows RESP2 only (RESP3 adds _ # , ( = % ~ > | types
                // and push messages). HELLO 3 here would put those readers out of step.
                .resp2();
        if (url.password() != null) {
            b.password(url.password());
        }
        if (url.user() != null) {
            b.user(url.user());
        }
        if (url.tls()) {
            b.ssl(true)
                    .sslSocketFactory(Tls.socketFactory(s.caCert(), s.insecure()))
                    .sslParameters(Tls.parameters(s.insecure()));
            if (s.insecure()) {
                b.hostnameVerifier((host, session) -> true);
            }
        }
        return b.build();
    }

    /** Connects and authenticates now (not lazily), so failures surface here with a clear message. */
    static Jedis connect(HostAndPort hp, JedisClientConfig config, String where) {
        Jedis jedis = null;
        try {
            jedis = new Jedis(hp, config);
            jedis.ping();
            return jedis;
        } catch (RuntimeException e) {
            if (jedis != null) {
                try {
                    jedis.close();
                } catch (RuntimeException ignored) {
                    // already failing
                }
            }
            throw RedisErrors.mapFirstContact(e, where, config.isSsl());
        }
    }
}
