package io.cachectl.stats;

import io.cachectl.connect.Info;
import io.cachectl.effect.SelfEffect;
import io.cachectl.slo.TargetResult;
import io.cachectl.slo.Verdicts;
import io.cachectl.slo.Thresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Turns INFO samples into {@link NodeStats}: lifetime counters, or differences over a window. */
final class StatsMath {
    private StatsMath() {
    }

    static NodeStats.Latency latency(Histogram us) {
        if (us.getTotalCount() == 0) {
            return new NodeStats.Latency(0, 0, 0, 0, 0);
        }
        return new NodeStats.Latency(us.getTotalCount(), ms(us.getMean()), ms(us.getValueAtPercentile(50)),
                ms(us.getValueAtPercentile(99)), ms(us.getMaxValue()));
    }

    private static double ms(double us) {
        return Math.round(us) / 1000.0;
    }

    /** One node; {@code prev} null means lifetime counters. */
    static NodeStats node(String name, Info prev, Info now, double seconds, NodeStats.Latency latency,
            Thresholds t, SelfEffect own) {
        // cachectl's own lookups (self-effect ledger) are not the application's traffic
        long hits = Math.max(0, delta(prev, now, "keyspace_hits") - own.hits());
        long misses = Math.max(0, delta(prev, now, "keyspace_misses") - own.misses());
        long evicted = delta(prev, now, "evicted_keys");
        long expired = delta(prev, now, "expired_keys");
        long commands = delta(prev, now, "total_commands_processed");
        double ops = prev == null ? now.getLong("instantaneous_ops_per_sec")
                : seconds > 0 ? round(commands / seconds) : 0;
        long used = now.getLong("used_memory");
        long max = now.getLong("maxmemory");
        NodeStats.Memory memory = new NodeStats.Memory(used, now.getLong("used_memory_peak"),
                now.getLong("used_memory_rss"), max, max > 0 ? round(100.0 * used / max) : null,
                now.get("maxmemory_policy", "unknown"), now.getDouble("mem_fragmentation_ratio"));
        NodeStats.Traffic traffic = traffic(hits, misses, ops, commands, now.getLong("connected_clients"),
                delta(prev, now, "rejected_connections"));
        NodeStats.Evictions evictions = evictions(evicted, expired, hits + misses);
        List<NodeStats.Keyspace> keyspace = new ArrayList<>();
        Map<Integer, Map<String, Long>> dbs = new TreeMap<>();
        now.fields().forEach((k, v) -> {
            if (k.matches("db\\d+")) {
                dbs.put(Integer.parseInt(k.substring(2)), Info.subFields(v));
            }
        });
        dbs.forEach((db, f) -> keyspace.add(new NodeStats.Keyspace(db, f.getOrDefault("keys", 0L),
                f.getOrDefault("expires", 0L), f.getOrDefault("avg_ttl", 0L))));
        String role = "slave".equals(now.get("role")) ? "replica" : "primary";
        NodeStats.Persistence persistence = new NodeStats.Persistence(now.getLong("rdb_last_save_time"),
                now.getLong("rdb_changes_since_last_save"), "1".equals(now.get("aof_enabled")), role,
                now.getLong("connected_slaves"));
        return new NodeStats(name, role, now.version(), now.server(), now.getLong("uptime_in_seconds"), memory, traffic, evictions,
                keyspace, persistence, latency, judge(hits, misses, evicted, used, max, latency, t));
    }

    /** The whole target: memory and keys summed over primaries, traffic over every node. */
    static NodeStats aggregate(List<NodeStats> nodes, List<Boolean> primary, NodeStats.Latency latency,
            Thresholds t) {
        if (nodes.size() == 1) {
            NodeStats n = nodes.get(0);
            return new NodeStats("total", n.role(), n.version(), n.server(), n.uptimeSeconds(), n.memory(), n.traffic(),
                    n.evictions(), n.keyspace(), n.persistence(), n.latency(), n.targets());
        }
        long used = 0;
        long peak = 0;
        long rss = 0;
        long max = 0;
        long hits = 0;
        long misses = 0;
        long commands = 0;
        long clients = 0;
        long rejected = 0;
        long evicted = 0;
        long expired = 0;
        long changes = 0;
        long uptime = Long.MAX_VALUE;
        long lastSave = Long.MAX_VALUE;
        double ops = 0;
        boolean aof = false;
        boolean everyNodeLimited = true;
        String policy = null;
        Map<Integer, long[]> dbs = new TreeMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeStats n = nodes.get(i);
            hits += n.traffic().hits();
            misses += n.traffic().misses();
            commands += n.traffic().totalCommands();
            clients += n.traffic().connectedClients();
            rejected += n.traffic().rejectedConnections();
            ops += n.traffic().opsPerSec();
            uptime = Math.min(uptime, n.uptimeSeconds());
            if (!primary.get(i)) {
                continue;
            }
            NodeStats.Memory m = n.memory();
            used += m.usedBytes();
            peak += m.peakBytes();
            rss += m.rssBytes();
            max += m.maxmemoryBytes();
            everyNodeLimited &= m.maxmemoryBytes() > 0;
            policy = policy == null || policy.equals(m.policy()) ? m.policy() : "mixed";
            evicted += n.evictions().evictedKeys();
            expired += n.evictions().expiredKeys();
            changes += n.persistence().rdbChangesSinceLastSave();
            lastSave = Math.min(lastSave, n.persistence().rdbLastSaveTime());
            aof |= n.persistence().aofEnabled();
            for (NodeStats.Keyspace k : n.keyspace()) {
                long[] acc = dbs.computeIfAbsent(k.db(), d -> new long[3]);
                acc[0] += k.keys();
                acc[1] += k.expires();
                acc[2] = Math.max(acc[2], k.avgTtlMs());
            }
        }
        long limit = everyNodeLimited ? max : 0;
        NodeStats.Memory memory = new NodeStats.Memory(used, peak, rss, limit,
                limit > 0 ? round(100.0 * used / limit) : null, policy, used > 0 ? round((double) rss / used) : 0);
        List<NodeStats.Keyspace> keyspace = new ArrayList<>();
        dbs.forEach((db, a) -> keyspace.add(new NodeStats.Keyspace(db, a[0], a[1], a[2])));
        long primaries = primary.stream().filter(p -> p).count();
        NodeStats.Persistence persistence = new NodeStats.Persistence(lastSave, changes, aof, "cluster",
                nodes.size() - primaries);
        return new NodeStats("total", "cluster", nodes.get(0).version(), nodes.get(0).server(), uptime, memory,
                traffic(hits, misses, round(ops), commands, clients, rejected),
                evictions(evicted, expired, hits + misses), keyspace, persistence, latency,
                judge(hits, misses, evicted, used, limit, latency, t));
    }

    private static List<TargetResult> judge(long hits, long misses, long evicted, long used, long max,
            NodeStats.Latency latency, Thresholds t) {
        return List.of(
                Verdicts.hitRate(hits, misses, t),
                Verdicts.latency(latency.samples() == 0 ? null : latency.avgMs(), latency.samples(),
                        "PING round trip", t),
                Verdicts.memory(used, max, t),
                Verdicts.evictionRate(evicted, hits + misses, t));
    }

    private static NodeStats.Traffic traffic(long hits, long misses, double ops, long commands, long clients,
            long rejected) {
        long lookups = hits + misses;
        Double rate = lookups == 0 ? null : round((double) hits / lookups);
        return new NodeStats.Traffic(hits, misses, rate, lookups == 0 ? null : round(100.0 * hits / lookups), ops,
                commands, clients, rejected);
    }

    private static NodeStats.Evictions evictions(long evicted, long expired, long lookups) {
        return new NodeStats.Evictions(evicted, expired, lookups == 0 ? null : round(100.0 * evicted / lookups));
    }

    private static long delta(Info prev, Info now, String field) {
        long v = now.getLong(field);
        return prev == null ? v : Math.max(0, v - prev.getLong(field));
    }

    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
