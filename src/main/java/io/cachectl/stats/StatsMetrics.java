package io.cachectl.stats;

import io.cachectl.slo.Status;
import io.cachectl.slo.TargetResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link StatsReport} as metrics for Prometheus: {@link Format#OPENMETRICS} (OpenMetrics 1.0 text:
 * {@code # UNIT}, counter families named without {@code _total}, {@code # EOF}) or
 * {@link Format#PROMETHEUS} (the text exposition format 0.0.4 that node_exporter's textfile collector,
 * the Pushgateway and {@code promtool check metrics} read). Names follow the Prometheus rules: a
 * {@code cachectl_} prefix, base units (bytes, seconds, ratios 0-1), {@code _total} on counters.
 * Counters (hits, misses, evictions…) are the server's own and only printed for a lifetime report;
 * an {@code --interval} report prints its window's ratios and rates as gauges.
 */
public final class StatsMetrics {
    public enum Format { PROMETHEUS, OPENMETRICS }

    private final Format format;
    private final Map<String, Family> families = new LinkedHashMap<>();

    private record Family(String name, String type, String unit, String help, List<String> samples) {
    }

    private StatsMetrics(Format format) {
        this.format = format;
    }

    public static String render(StatsReport r, Format format) {
        StatsMetrics m = new StatsMetrics(format);
        m.collect(r);
        return m.text();
    }

    private void collect(StatsReport r) {
        gauge("cachectl_info", null, "The target cachectl judged: its (masked) URL, mode and server.")
                .add(labels("target", r.target(), "mode", r.mode(), "server", r.server(), "version", r.version()) + " 1");
        boolean lifetime = "lifetime".equals(r.window().kind());
        gauge("cachectl_window_seconds", "seconds", "Length of the window the ratios and rates cover"
                + " (a lifetime report: the uptime).").add(value(r.window().seconds()));
        for (NodeStats n : r.nodes()) {
            String node = labels("node", n.node(), "role", n.role());
            NodeStats.Memory mem = n.memory();
            gauge("cachectl_memory_used_bytes", "bytes", "used_memory of the node.").add(node + value(mem.usedBytes()));
            gauge("cachectl_memory_max_bytes", "bytes", "maxmemory of the node (0: no limit).")
                    .add(node + value(mem.maxmemoryBytes()));
            if (mem.usedPctOfMax() != null) {
                gauge("cachectl_memory_used_ratio", null, "used_memory / maxmemory.")
                        .add(node + value(mem.usedPctOfMax() / 100));
            }
            gauge("cachectl_memory_fragmentation_ratio", null, "mem_fragmentation_ratio.")
                    .add(node + value(mem.fragmentationRatio()));
            NodeStats.Traffic t = n.traffic();
            if (t.hitRate() != null) {
                gauge("cachectl_hit_ratio", null, "Keyspace hits / (hits + misses) over the window.")
                        .add(node + value(t.hitRate()));
            }
            gauge("cachectl_ops_per_second", null, "Commands per second (over the window; a lifetime report:"
                    + " instantaneous_ops_per_sec).").add(node + value(t.opsPerSec()));
            gauge("cachectl_connected_clients", null, "connected_clients.").add(node + value(t.connectedClients()));
            NodeStats.Evictions ev = n.evictions();
            if (ev.evictionRatePct() != null) {
                gauge("cachectl_eviction_ratio", null, "Evicted keys / lookups over the window.")
                        .add(node + value(ev.evictionRatePct() / 100));
            }
            if (lifetime) {
                counter("cachectl_keyspace_hits", "keyspace_hits of the node.").add(node + value(t.hits()));
                counter("cachectl_keyspace_misses", "keyspace_misses of the node.").add(node + value(t.misses()));
                counter("cachectl_evicted_keys", "evicted_keys of the node.").add(node + value(ev.evictedKeys()));
                counter("cachectl_expired_keys", "expired_keys of the node.").add(node + value(ev.expiredKeys()));
                counter("cachectl_commands_processed", "total_commands_processed of the node.")
                        .add(node + value(t.totalCommands()));
                counter("cachectl_rejected_connections", "rejected_connections of the node.")
                        .add(node + value(t.rejectedConnections()));
            }
            for (NodeStats.Keyspace k : n.keyspace()) {
                String db = labels("node", n.node(), "role", n.role(), "db", String.valueOf(k.db()));
                gauge("cachectl_keys", null, "Keys in the database.").add(db + value(k.keys()));
                gauge("cachectl_keys_with_ttl", null, "Keys with a TTL in the database.").add(db + value(k.expires()));
            }
            gauge("cachectl_uptime_seconds", "seconds", "uptime_in_seconds of the node.").add(node + value(n.uptimeSeconds()));
            NodeStats.Latency l = n.latency();
            gauge("cachectl_ping_latency_avg_seconds", "seconds", "Average PING round trip measured by cachectl.")
                    .add(node + value(l.avgMs() / 1000));
            gauge("cachectl_ping_latency_p99_seconds", "seconds", "99th percentile PING round trip measured by cachectl.")
                    .add(node + value(l.p99Ms() / 1000));
        }
        for (TargetResult t : r.targets()) {
            for (Status s : Status.values()) {
                gauge("cachectl_target_status", null, "The guide's targets: 1 for the status the target has"
                        + " (pass, warn, fail, na), 0 for the others.")
                        .add(labels("target", t.name(), "status", s.name().toLowerCase(Locale.ROOT))
                                + (t.status() == s ? " 1" : " 0"));
            }
            gauge("cachectl_target_failed", null, "1 when the target FAILs (what --check exits 1 on).")
                    .add(labels("target", t.name()) + (t.status() == Status.FAIL ? " 1" : " 0"));
        }
    }

    private List<String> gauge(String name, String unit, String help) {
        return families.computeIfAbsent(name, n -> new Family(n, "gauge", unit, help, new ArrayList<>())).samples();
    }

    /** A counter family; its samples are named {@code NAME_total}. */
    private List<String> counter(String name, String help) {
        return families.computeIfAbsent(name, n -> new Family(n, "counter", null, help, new ArrayList<>())).samples();
    }

    private String text() {
        StringBuilder sb = new StringBuilder();
        for (Family f : families.values()) {
            boolean counter = f.type().equals("counter");
            String familyName = counter && format == Format.PROMETHEUS ? f.name() + "_total" : f.name();
            String sampleName = counter ? f.name() + "_total" : f.name();
            sb.append("# HELP ").append(familyName).append(' ').append(escapeHelp(f.help())).append('\n');
            sb.append("# TYPE ").append(familyName).append(' ').append(f.type()).append('\n');
            if (f.unit() != null && format == Format.OPENMETRICS) {
                sb.append("# UNIT ").append(familyName).append(' ').append(f.unit()).append('\n');
            }
            for (String s : f.samples()) {
                sb.append(sampleName).append(s).append('\n');
            }
        }
        if (format == Format.OPENMETRICS) {
            sb.append("# EOF\n");
        }
        return sb.toString();
    }

    private static String labels(String... kv) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(kv[i]).append("=\"").append(escapeLabel(kv[i + 1] == null ? "" : kv[i + 1])).append('"');
        }
        return sb.append('}').toString();
    }

    private static String value(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return " " + (long) v;
        }
        return " " + Double.toString(v);
    }

    private static String escapeLabel(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
