package io.cachectl.stats;

import io.cachectl.connect.Info;
import io.cachectl.connect.Node;
import io.cachectl.connect.Target;
import io.cachectl.effect.Ledger;
import io.cachectl.effect.SelfEffect;
import io.cachectl.error.CachectlException;
import io.cachectl.error.ExitCode;
import io.cachectl.output.Units;
import io.cachectl.slo.TargetResult;
import io.cachectl.slo.Verdicts;
import io.cachectl.slo.Thresholds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;

/**
 * Reads INFO from every node, measures PING latency, and judges the targets. A report covers
 * either the server's lifetime (one sample) or the window between two samples.
 */
public final class StatsService {
    private final Target target;
    private final Thresholds thresholds;
    private final Ledger ledger;

    /**
     * INFO and a latency histogram (microseconds) of one node at one moment, with what the
     * self-effect ledger held for the node then ({@code recorded}) and the hosts of other machines'
     * cachectl clients connected then ({@code remoteCachectl}: their lookups are not in the ledger).
     */
    public record NodeSample(Info info, Histogram latencyUs, long atNanos, SelfEffect recorded,
            Set<String> remoteCachectl) {
        public NodeSample(Info info, Histogram latencyUs, long atNanos) {
            this(info, latencyUs, atNanos, SelfEffect.NONE, Set.of());
        }
    }

    /** Without a ledger: the server's counters as they are. */
    public StatsService(Target target, Thresholds thresholds) {
        this(target, thresholds, null);
    }

    /** With a ledger: cachectl's own recorded lookups are subtracted from hits and misses. */
    public StatsService(Target target, Thresholds thresholds, Ledger ledger) {
        this.target = target;
        this.thresholds = thresholds;
        this.ledger = ledger;
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
            long at = System.nanoTime();
            // read after INFO: a scan in another process publishes each batch just after the server counted it
            SelfEffect recorded = ledger == null ? SelfEffect.NONE : ledger.total(info.get("run_id"));
            return new NodeSample(info, h, at, recorded, ledger == null ? Set.of() : remoteCachectl(jedis));
        });
    }

    /**
     * Hosts other than this one with a client named {@code cachectl} (every cachectl connection is):
     * lookups of cachectl on other machines are not in this machine's ledger. Empty where CLIENT LIST
     * is refused.
     */
    static Set<String> remoteCachectl(Jedis jedis) {
        try {
            long me = jedis.clientId();
            String list = jedis.clientList(ClientType.NORMAL);
            String myHost = null;
            Set<String> hosts = new TreeSet<>();
            for (String line : list.split("\n")) {
                Map<String, String> f = new HashMap<>();
                for (String part : line.trim().split(" ")) {
                    int eq = part.indexOf('=');
                    if (eq > 0) {
                        f.put(part.substring(0, eq), part.substring(eq + 1));
                    }
                }
                String addr = f.getOrDefault("addr", "");
                String host = addr.lastIndexOf(':') > 0 ? addr.substring(0, addr.lastIndexOf(':')) : addr;
                if (String.valueOf(me).equals(f.get("id"))) {
                    myHost = host;
                } else if ("cachectl".equals(f.get("name"))) {
                    hosts.add(host);
                }
            }
            if (myHost != null) {
                hosts.remove(myHost);
            }
            return hosts;
        } catch (RuntimeException e) {
            return Set.of();
        }
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

    /** {@link #sample} after waiting {@code wait}. */
    public Map<Node, NodeSample> sampleAfter(Duration wait, int pings) {
        pause(wait);
        return sample(pings);
    }

    /** Waits between two samples; Ctrl-C while waiting is exit 130 (interrupted). */
    public static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CachectlException(ExitCode.INTERRUPTED, "interrupted");
        }
    }

    /** A Sentinel target's report carries the sentinels' view of its primary; other reports are returned as they are. */
    public StatsReport withSentinel(StatsReport report) {
        return target.sentinels() == null ? report
                : report.withSentinel(target.sentinels().status(target.nodes().get(0).address()));
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
        SelfEffect subtracted = SelfEffect.NONE;
        Set<String> remote = new TreeSet<>();
        List<String> notes = new ArrayList<>();
        for (Map.Entry<Node, NodeSample> e : after.entrySet()) {
            NodeSample prev = before == null ? null : before.get(e.getKey());
            if (prev != null) {
                seconds = Math.max(seconds, (e.getValue().atNanos() - prev.atNanos()) / 1e9);
                remote.addAll(prev.remoteCachectl());
            }
            remote.addAll(e.getValue().remoteCachectl());
            // a server restarted in the window has a new run_id: its ledger starts from zero, as its counters
            boolean sameRun = prev == null || java.util.Objects.equals(prev.info().get("run_id"),
                    e.getValue().info().get("run_id"));
            SelfEffect own = e.getValue().recorded().minus(prev == null || !sameRun ? SelfEffect.NONE : prev.recorded());
            Info now = e.getValue().info();
            if (prev == null && (own.hits() > now.getLong("keyspace_hits") || own.misses() > now.getLong("keyspace_misses"))) {
                // the counters were reset (CONFIG RESETSTAT) after cachectl recorded lookups: the ledger no
                // longer matches them, and subtracting it would make up a figure
                notes.add(e.getKey().address() + ": the server's counters are smaller than cachectl's recorded lookups"
                        + " (CONFIG RESETSTAT?): cachectl's own lookups are not subtracted from the lifetime figures");
                own = SelfEffect.NONE;
            }
            subtracted = subtracted.plus(own);
            nodes.add(nodeStats(e.getKey(), prev, e.getValue(), own));
            all.add(e.getValue().latencyUs());
        }
        NodeStats total = StatsMath.aggregate(nodes, after.keySet().stream().map(Node::isPrimary).toList(),
                StatsMath.latency(all), thresholds);
        List<TargetResult> targets = new ArrayList<>();
        for (int i = 0; i < total.targets().size(); i++) {
            targets.add(nodes.size() > 1 ? worstNode(nodes, i, total.targets().get(i)) : total.targets().get(i));
        }
        StatsReport.Window window = before == null
                ? new StatsReport.Window("lifetime", total.uptimeSeconds())
                : new StatsReport.Window("interval", Math.round(seconds * 1000) / 1000.0);
        if (subtracted.lookups() > 0) {
            notes.add("subtracted " + Units.count(subtracted.hits()) + " hits and " + Units.count(subtracted.misses())
                    + " misses that cachectl itself caused " + (before == null ? "since start-up" : "in this window")
                    + " (self-effect ledger of this machine)");
        }
        if (!remote.isEmpty()) {
            notes.add("cachectl clients from " + String.join(", ", remote) + " were connected: lookups that"
                    + " cachectl makes on other machines cannot be told apart from the application's and are"
                    + " included");
        }
        if (before == null && total.uptimeSeconds() > 86400) {
            notes.add("counters are since start-up (" + Units.seconds(total.uptimeSeconds())
                    + " ago); use --interval 10 for the last seconds");
        }
        return new StatsReport(target.masked(), target.mode().name().toLowerCase(), target.version(), target.server(),
                window, System.currentTimeMillis() / 1000, total, nodes, targets, SelfEffect.NONE, subtracted, notes);
    }

    /**
     * Memory and latency are judged on the worst node (one full primary evicts even when the
     * cluster as a whole has room); hit rate and eviction rate on the whole target.
     */
    private static TargetResult worstNode(List<NodeStats> nodes, int idx, TargetResult whole) {
        boolean memory = whole.name().equals(Verdicts.MEMORY);
        if (!memory && !whole.name().equals(Verdicts.LATENCY)) {
            return whole;
        }
        return Verdicts.worst(nodes.stream().filter(n -> !memory || "primary".equals(n.role()))
                .map(n -> n.targets().get(idx).withNode(n.node())).toList());
    }

    private NodeStats nodeStats(Node node, NodeSample prev, NodeSample now, SelfEffect own) {
        double seconds = prev == null ? 0 : (now.atNanos() - prev.atNanos()) / 1e9;
        return StatsMath.node(node.address(), prev == null ? null : prev.info(), now.info(), seconds,
                StatsMath.latency(now.latencyUs()), thresholds, own);
    }
}
