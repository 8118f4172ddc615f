package io.cachectl.stats;

import io.cachectl.connect.Info;
import io.cachectl.connect.Node;
import io.cachectl.connect.Target;
import io.cachectl.targets.TargetResult;
import io.cachectl.targets.Targets;
import io.cachectl.targets.Thresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import redis.clients.jedis.Jedis;

/**
 * Reads INFO from every node, measures PING latency, and judges the targets. A report covers
 * either the server's lifetime (one sample) or the window between two samples.
 */
public final class StatsService {
    private final Target target;
    private final Thresholds thresholds;

    /** INFO and a latency histogram (microseconds) of one node at one moment. */
    public record NodeSample(Info info, Histogram latencyUs, long atNanos) {
    }

    public StatsService(Target target, Thresholds thresholds) {
        this.target = target;
        this.thresholds = thresholds;
    }

    /** The nodes stats covers: every node of a cluster, the URL's server otherwise. */
    public List<Node> nodes() {
        return target.isCluster() ? target.nodes() : target.primaries();
    }

    /** One INFO per node, plus {@code pings} PING round trips, in parallel over the nodes. */
    public Map<Node, NodeSample> sample(int pings) {
        return target.onEach(nodes(), jedis -> {
            Histogram h = pingBurst(jedis, pings);
            Info info = Info.parse(jedis.info());
            return new NodeSample(info, h, System.nanoTime());
        });
    }

    static Histogram pingBurst(Jedis jedis, int pings) {
        Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        for (int i = 0; i < pings; i++) {
            long t0 = System.nanoTime();
            jedis.ping();
            h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
        }
        return h;
    }

    /** Lifetime report from a single sample. */
    public StatsReport report(Map<Node, NodeSample> now) {
        return report(null, now);
    }

    /** Window report: counters are differences between {@code before} and {@code after}. */
    public StatsReport report(Map<Node, NodeSample> before, Map<Node, NodeSample> after) {
        List<NodeStats> nodes = new ArrayList<>();
        Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        double seconds = 0;
        for (Map.Entry<Node, NodeSample> e : after.entrySet()) {
            NodeSample prev = before == null ? null : before.get(e.getKey());
            if (prev != null) {
                seconds = Math.max(seconds, (e.getValue().atNanos() - prev.atNanos()) / 1e9);
            }
            nodes.add(nodeStats(e.getKey(), prev, e.getValue()));
            all.add(e.getValue().latencyUs());
        }
        NodeStats total = StatsMath.aggregate(nodes, after.keySet().stream().map(Node::isPrimary).toList(),
                StatsMath.latency(all), thresholds);
        List<TargetResult> targets = new ArrayList<>();
        for (int i = 0; i < total.targets().size(); i++) {
            targets.add(nodes.size() > 1 ? worstNode(nodes, i, total.targets().get(i)) : total.targets().get(i));
        }
        List<String> notes = new ArrayList<>();
        StatsReport.Window window = before == null
                ? new StatsReport.Window("lifetime", total.uptimeSeconds())
                : new StatsReport.Window("interval", Math.round(seconds * 1000) / 1000.0);
        if (before == null && total.uptimeSeconds() > 86400) {
            notes.add("counters are since start-up (" + io.cachectl.output.Units.seconds(total.uptimeSeconds())
                    + " ago); use --interval 10 for the last seconds");
        }
        return new StatsReport(target.masked(), target.mode().name().toLowerCase(), target.version(), target.server(), window,
                System.currentTimeMillis() / 1000, total, nodes, targets, notes);
    }

    /**
     * Memory and latency are judged on the worst node (one full primary evicts even when the
     * cluster as a whole has room); hit rate and eviction rate on the whole target.
     */
    private static TargetResult worstNode(List<NodeStats> nodes, int idx, TargetResult whole) {
        boolean memory = whole.name().equals(Targets.MEMORY);
        if (!memory && !whole.name().equals(Targets.LATENCY)) {
            return whole;
        }
        return Targets.worst(nodes.stream().filter(n -> !memory || "primary".equals(n.role()))
                .map(n -> n.targets().get(idx).withNode(n.node())).toList());
    }

    private NodeStats nodeStats(Node node, NodeSample prev, NodeSample now) {
        double seconds = prev == null ? 0 : (now.atNanos() - prev.atNanos()) / 1e9;
        return StatsMath.node(node.address(), prev == null ? null : prev.info(), now.info(), seconds,
                StatsMath.latency(now.latencyUs()), thresholds);
    }
}
