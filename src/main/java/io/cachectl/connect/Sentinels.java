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

/**
 * The sentinels of a {@code redis-sentinel://} URL: which server is the primary of the master name
 * now, and what each sentinel sees. Sentinels are asked in the URL's order, as Redis clients do; the
 * first one that answers names the primary. A sentinel is contacted without credentials and, only if
 * it asks for them, with the URL's.
 */
public final class Sentinels {
    private final SentinelUrl url;
    private final ConnectionSettings settings;

    public Sentinels(ConnectionSettings settings) {
        this.settings = settings;
        this.url = settings.sentinel();
    }

    public SentinelUrl url() {
        return url;
    }

    public String master() {
        return url.master();
    }

    /** The primary's address as the first sentinel that answers names it; exit 3 when none does. */
    public HostAndPort primary() {
        return primary(List.of());
    }

    /**
     * The primary as named by the first answering sentinel whose answer is not in {@code distrust}
     * (addresses found not to be a primary, e.g. a sentinel that has not yet seen a failover).
     */
    HostAndPort primary(List<String> distrust) {
        List<String> failures = new ArrayList<>();
        boolean unknownMaster = false;
        for (SentinelUrl.Address a : url.sentinels()) {
            try (Jedis s = open(a)) {
                List<String> addr = s.sentinelGetMasterAddrByName(url.master());
                if (addr == null || addr.size() < 2) {
                    unknownMaster = true;
                    failures.add(a + ": no master named '" + url.master() + "'");
                    continue;
                }
                HostAndPort hp = new HostAndPort(addr.get(0), Integer.parseInt(addr.get(1)));
                if (distrust.contains(address(hp))) {
                    failures.add(a + ": names " + address(hp) + ", which is not a primary");
                    continue;
                }
                return hp;
            } catch (CachectlException e) {
                failures.add(e.getMessage());
            } catch (RuntimeException e) {
                failures.add(RedisErrors.describe(e, "sentinel " + a));
            }
        }
        if (unknownMaster && failures.size() == url.sentinels().size()
                && failures.stream().allMatch(f -> f.contains("no master named"))) {
            throw CachectlException.unavailable("the sentinels at " + addresses() + " monitor no master named '"
                    + url.master() + "' (check ?master=NAME: SENTINEL MASTERS lists the names)", null);
        }
        throw CachectlException.unavailable("no sentinel named a primary for '" + url.master() + "': "
                + String.join("; ", failures), null);
    }

    /** What each sentinel sees now, with the replicas as the first answering sentinel lists them. */
    public SentinelStatus status(String primary) {
        List<SentinelStatus.SentinelNode> nodes = new ArrayList<>();
        List<SentinelStatus.Replica> replicas = null;
        Integer quorum = null;
        for (SentinelUrl.Address a : url.sentinels()) {
            try (Jedis s = open(a)) {
                List<String> addr = s.sentinelGetMasterAddrByName(url.master());
                String sees = addr == null || addr.size() < 2 ? null
                        : address(new HostAndPort(addr.get(0), Integer.parseInt(addr.get(1))));
                String flags = null;
                Integer others = null;
                if (sees != null) {
                    Map<String, String> m = s.sentinelMaster(url.master());
                    flags = m.get("flags");
                    others = intOrNull(m.get("num-other-sentinels"));
                    if (quorum == null) {
                        quorum = intOrNull(m.get("quorum"));
                    }
                    if (replicas == null) {
                        replicas = new ArrayList<>();
                        for (Map<String, String> r : s.sentinelReplicas(url.master())) {
                            replicas.add(new SentinelStatus.Replica(
                                    address(new HostAndPort(r.get("ip"), Integer.parseInt(r.get("port")))),
                                    r.get("flags"), r.get("master-link-status"), longOrNull(r.get("slave-repl-offset"))));
                        }
                    }
                }
                nodes.add(new SentinelStatus.SentinelNode(a.toString(), true, sees, flags, others, null));
            } catch (RuntimeException e) {
                nodes.add(new SentinelStatus.SentinelNode(a.toString(), false, null, null, null,
                        e instanceof CachectlException ? e.getMessage() : RedisErrors.describe(e, "sentinel " + a)));
            }
        }
        long agreeing = nodes.stream().filter(n -> primary.equals(n.primary())).count();
        return new SentinelStatus(url.master(), primary, quorum, (int) agreeing,
                replicas == null ? List.of() : replicas, nodes);
    }

    private Jedis open(SentinelUrl.Address a) {
        HostAndPort hp = new HostAndPort(a.host(), a.port());
        String where = "sentinel " + a;
        try {
            return Connector.connect(hp, config(false), where);
        } catch (CachectlException e) {
            if ((url.password() != null) && e.getMessage().contains("authentication")) {
                return Connector.connect(hp, config(true), where);
            }
            throw e;
        }
    }

    private JedisClientConfig config(boolean withCredentials) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(settings.connectTimeoutMs())
                .socketTimeoutMillis(settings.timeoutMs())
                .clientName("cachectl")
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .resp2();
        if (withCredentials) {
            b.password(url.password());
            if (url.user() != null) {
                b.user(url.user());
            }
        }
        return b.build();
    }

    private String addresses() {
        return String.join(",", url.sentinels().stream().map(SentinelUrl.Address::toString).toList());
    }

    static String address(HostAndPort hp) {
        return (hp.getHost().contains(":") ? "[" + hp.getHost() + "]" : hp.getHost()) + ":" + hp.getPort();
    }

    private static Integer intOrNull(String s) {
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longOrNull(String s) {
        try {
            return s == null ? null : Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
