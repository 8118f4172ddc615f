package io.cachectl.stats;

import io.cachectl.output.Style;
import io.cachectl.output.Table;
import io.cachectl.output.Units;
import io.cachectl.slo.TargetResult;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Human rendering of {@link StatsReport}: a summary, a per-node table for clusters, the targets. */
public final class StatsView {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final Style style;

    public StatsView(Style style) {
        this.style = style;
    }

    public List<String> render(StatsReport r) {
        List<String> out = new ArrayList<>();
        NodeStats t = r.total();
        out.add(style.bold("cachectl stats") + " — " + r.target() + " (" + r.mode() + ", " + io.cachectl.connect.Info.product(r.server(), r.version())
                + (r.nodes().size() > 1 ? ", " + r.nodes().size() + " nodes" : "") + ", up "
                + Units.seconds(t.uptimeSeconds()) + ")");
        out.add(style.dim("window: " + window(r)));
        out.add("");
        NodeStats.Memory m = t.memory();
        out.add(label("Memory") + "used " + Units.bytes(m.usedBytes())
                + (m.maxmemoryBytes() > 0 ? " of " + Units.bytes(m.maxmemoryBytes()) + " max (" + Units.decimal(
                        m.usedPctOfMax(), 1) + " %)" : " (no maxmemory)")
                + " · peak " + Units.bytes(m.peakBytes()) + " · rss " + Units.bytes(m.rssBytes())
                + " · fragmentation " + Units.decimal(m.fragmentationRatio(), 2) + " · policy " + m.policy());
        NodeStats.Traffic tr = t.traffic();
        out.add(label("Traffic") + "hits " + Units.count(tr.hits()) + " · misses " + Units.count(tr.misses())
                + " · hit rate " + (tr.hitRate() == null ? "n/a" : Units.pct(tr.hitRate()))
                + " · " + Units.count(Math.round(tr.opsPerSec())) + " ops/s"
                // a lifetime report's ops/s is Redis' current rate, not an average since start-up
                + ("lifetime".equals(r.window().kind()) ? " now" : "") + " · " + Units.count(tr.totalCommands())
                + " commands · " + Units.count(tr.connectedClients()) + " clients · "
                + Units.count(tr.rejectedConnections()) + " rejected connections");
        NodeStats.Evictions ev = t.evictions();
        out.add(label("Evictions") + "evicted " + Units.count(ev.evictedKeys()) + " · expired "
                + Units.count(ev.expiredKeys()) + " · eviction rate "
                + (ev.evictionRatePct() == null ? "n/a" : Units.decimal(ev.evictionRatePct(), 2) + " %")
                + " of lookups");
        out.add(label("Keyspace") + (t.keyspace().isEmpty() ? "empty" : t.keyspace().stream()
                .map(k -> "db" + k.db() + " " + Units.count(k.keys()) + " keys (" + Units.count(k.expires())
                        + " with TTL" + (k.avgTtlMs() > 0 ? ", avg TTL " + Units.seconds(k.avgTtlMs() / 1000) : "")
                        + ")")
                .collect(Collectors.joining(" · "))));
        NodeStats.Persistence p = t.persistence();
        out.add(label("Persistence") + "last RDB save " + (p.rdbLastSaveTime() > 0
                ? Units.seconds(r.timestamp() - p.rdbLastSaveTime()) + " ago" : "never") + " ("
                + Units.count(p.rdbChangesSinceLastSave()) + " changes since) · AOF " + (p.aofEnabled() ? "on" : "off")
                + " · " + p.replicationRole() + ", " + p.connectedReplicas() + " replica(s)");
        NodeStats.Latency l = t.latency();
        out.add(label("Latency") + "PING ×" + Units.count(l.samples()) + ": avg " + Units.ms(l.avgMs()) + " · p50 "
                + Units.ms(l.p50Ms()) + " · p99 " + Units.ms(l.p99Ms()) + " · max " + Units.ms(l.maxMs()));
        if (r.sentinel() != null) {
            out.addAll(sentinel(r.sentinel()));
        }
        if (r.nodes().size() > 1) {
            out.add("");
            out.addAll(nodeTable(r.nodes()));
        }
        out.add("");
        out.add(style.bold("Targets"));
        for (TargetResult tr2 : r.targets()) {
            out.add("  " + pad(style.status(tr2.status().label()), 4) + "  " + String.format("%-13s", tr2.name())
                    + "  " + tr2.reason() + (tr2.node() != null && r.nodes().size() > 1 ? " [" + tr2.node() + "]" : ""));
        }
        r.notes().forEach(n -> out.add(style.dim("note: " + n)));
        return out;
    }

    /** Per-node figures in 80 columns; max, hits, misses and evictions per node are in --json. */
    private List<String> nodeTable(List<NodeStats> nodes) {
        Table table = new Table("node", "role", "used>", "% max>", "keys>", "hit>", "ops/s>", "p99>");
        for (NodeStats n : nodes) {
            NodeStats.Memory m = n.memory();
            table.row(n.node(), n.role(), Units.bytes(m.usedBytes()),
                    m.usedPctOfMax() == null ? "-" : Units.decimal(m.usedPctOfMax(), 1) + "%",
                    Units.count(n.keyspace().stream().mapToLong(NodeStats.Keyspace::keys).sum()),
                    n.traffic().hitRate() == null ? "-" : Units.decimal(n.traffic().hitRate() * 100, 1) + "%",
                    Units.decimal(n.traffic().opsPerSec(), 0), Units.ms(n.latency().p99Ms()));
        }
        return table.render(style, "");
    }

    /** The sentinels' view: the primary, how many sentinels agree, each replica and each sentinel. */
    private List<String> sentinel(io.cachectl.connect.SentinelStatus s) {
        List<String> out = new ArrayList<>();
        long reachable = s.sentinels().stream().filter(io.cachectl.connect.SentinelStatus.SentinelNode::reachable).count();
        String agree = s.agreeing() + " of " + s.sentinels().size() + " sentinels name it";
        out.add(label("Sentinel") + "master " + s.master() + " · primary " + s.primary());
        out.add(label("") + (s.agreeing() == s.sentinels().size() ? agree : style.yellow(agree))
                + (s.quorum() == null ? "" : " · quorum " + s.quorum()));
        if (s.replicas().isEmpty()) {
            out.add(label("") + style.yellow("no replica known to the sentinels"));
        }
        for (io.cachectl.connect.SentinelStatus.Replica rep : s.replicas()) {
            boolean ok = "ok".equals(rep.masterLinkStatus()) && rep.flags() != null && !rep.flags().contains("down");
            String text = "replica " + rep.address() + " · " + rep.flags() + " · link "
                    + (rep.masterLinkStatus() == null ? "?" : rep.masterLinkStatus())
                    + (rep.replOffset() == null ? "" : " · offset " + rep.replOffset());
            out.add(label("") + (ok ? text : style.yellow(text)));
        }
        for (io.cachectl.connect.SentinelStatus.SentinelNode n : s.sentinels()) {
            String text = !n.reachable() ? "sentinel " + n.address() + " · unreachable"
                    : "sentinel " + n.address() + " · names " + (n.primary() == null ? "no primary" : n.primary())
                            + (n.otherSentinels() == null ? "" : " · knows " + n.otherSentinels() + " other(s)");
            boolean ok = n.reachable() && s.primary().equals(n.primary());
            out.add(label("") + (ok ? text : style.yellow(text)));
        }
        if (reachable < s.sentinels().size()) {
            out.add(label("") + style.yellow((s.sentinels().size() - reachable) + " sentinel(s) did not answer"));
        }
        return out;
    }

    private static final String WATCH = "%-8s %8s %6s %7s %9s %6s %7s %9s  %s";

    /**
     * Column header for --watch: what is watched on its own line, then the columns (77 columns wide,
     * like redis-cli --stat it fits 80). Targets are one letter each, in the order hit rate, latency,
     * memory, eviction rate: P pass, W warn, F fail, - n/a.
     */
    public String watchHeader(StatsReport r) {
        return "watching " + r.target() + "\n"
                + "targets: hit rate, latency, memory, evictions — P pass, W warn, F fail, - n/a" + "\n"
                + style.bold(String.format(WATCH, "time", "ops/s", "hit",
                        "evict/s", "used", "% max", "clients", "p99", "targets"));
    }

    /** One line per --watch sample (at most 77 columns). */
    public String watchLine(StatsReport r) {
        NodeStats t = r.total();
        double secs = Math.max(r.window().seconds(), 1e-9);
        String statuses = r.targets().stream().map(x -> style.status(letter(x.status().label()),
                x.status().label())).collect(Collectors.joining(" "));
        return String.format(WATCH,
                LocalTime.ofInstant(Instant.ofEpochSecond(r.timestamp()), ZoneId.systemDefault()).format(CLOCK),
                Units.decimal(t.traffic().opsPerSec(), 0),
                t.traffic().hitRate() == null ? "-" : Units.decimal(t.traffic().hitRate() * 100, 1) + "%",
                Units.decimal(t.evictions().evictedKeys() / secs, 1), Units.bytes(t.memory().usedBytes()),
                t.memory().usedPctOfMax() == null ? "-" : Units.decimal(t.memory().usedPctOfMax(), 1) + "%",
                Units.count(t.traffic().connectedClients()), Units.ms(t.latency().p99Ms()), statuses);
    }

    private static String letter(String status) {
        return switch (status) {
            case "PASS" -> "P";
            case "WARN" -> "W";
            case "FAIL" -> "F";
            default -> "-";
        };
    }

    private static String window(StatsReport r) {
        return "lifetime".equals(r.window().kind())
                ? "counters since start-up (" + Units.seconds((long) r.window().seconds()) + ")"
                : "last " + Units.decimal(r.window().seconds(), 1) + " s (difference of two samples)";
    }

    private String label(String s) {
        return style.cyan(String.format("%-13s", s)); // two spaces after the longest label: wrapped lines hang under the text
    }

    private static String pad(String styled, int width) {
        return styled + " ".repeat(Math.max(0, width - Style.strip(styled).length()));
    }
}
