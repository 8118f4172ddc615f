package io.cachectl.bench;

import io.cachectl.connect.Capabilities;
import io.cachectl.connect.Info;
import io.cachectl.connect.Node;
import io.cachectl.connect.RedisErrors;
import io.cachectl.connect.Target;
import io.cachectl.effect.Recorder;
import io.cachectl.effect.SelfEffect;
import io.cachectl.error.CachectlException;
import io.cachectl.error.ExitCode;
import io.cachectl.output.Units;
import io.cachectl.scan.KeyInfo;
import io.cachectl.scan.ScanOptions;
import io.cachectl.scan.ScanSummary;
import io.cachectl.scan.Scanner;
import io.cachectl.slo.TargetResult;
import io.cachectl.slo.Verdicts;
import io.cachectl.slo.Thresholds;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * Runs a bench: refuses to touch existing keys under the prefix (unless --reuse), pre-loads the
 * keyspace when the workload reads it, reads INFO on every primary before and after the measured
 * window, drives the {@link LoadEngine}, deletes the keys it wrote (also after Ctrl-C or a
 * failure), and judges the targets with the same code as {@code stats}.
 */
public final class BenchService {
    private final Target target;
    private final BenchSpec spec;
    private final Thresholds thresholds;
    private final List<Node> primaries;
    private final Recorder recorder;

    /** Progress hooks (phase changes and one call per second of the measured run). */
    public interface Listener {
        void phase(String what);

        void second(BenchReport.Second second, long commandsSoFar);
    }

    public BenchService(Target target, BenchSpec spec, Thresholds thresholds) {
        this(target, spec, thresholds, Recorder.local());
    }

    /** {@code recorder} publishes bench's lookups to the self-effect ledger, so later stats subtract them. */
    public BenchService(Target target, BenchSpec spec, Thresholds thresholds, Recorder recorder) {
        this.recorder = recorder;
        this.target = target;
        this.spec = spec;
        this.thresholds = thresholds;
        this.primaries = target.primaries();
    }

    /** Threads used when --threads is not given: one per two cores (the server needs CPU too). */
    public static int defaultThreads(int clients) {
        return Math.max(1, Math.min(clients, Runtime.getRuntime().availableProcessors() / 2));
    }

    /** True when every node is on this machine (loopback), e.g. the sandbox. */
    public boolean loopback() {
        return target.nodes().stream().allMatch(n -> {
            try {
                return InetAddress.getByName(n.host()).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        });
    }

    public BenchReport run(Listener listener, BooleanSupplier interrupted) {
        KeySpace keys = new KeySpace(spec.prefix(), spec.keyspace(), spec.zipf(), primaries, target.isCluster());
        Preload preload = new Preload(target, keys, primaries);
        if (!spec.reuse()) {
            listener.phase("checking that no key " + spec.prefix() + "0.." + (spec.keyspace() - 1) + " exists");
            // not EXISTS: it counts a keyspace miss per key, outside the measured workload (10,000 misses
            // for -r 10000 would skew the server's hit rate against bench's own)
            long existing = target.capabilities().allows(Capabilities.MEMORY) ? preload.run(Preload.Op.PRESENT, Preload.all(), 0, 0)
                    : existingByScan();
            if (existing > 0) {
                throw new CachectlException(ExitCode.USAGE, Units.count(existing) + " key(s) named " + spec.prefix()
                        + "<0.." + (spec.keyspace() - 1) + "> already exist on " + target.masked()
                        + "; bench would overwrite and then delete them — choose another --prefix, or pass --reuse"
                        + " to run over them anyway");
            }
        }
        List<List<Conn>> perThread = new ArrayList<>();
        BitSet written = new BitSet();
        boolean preloaded = false;
        LoadEngine.Outcome outcome = null;
        List<Map<Node, Info>> before = new ArrayList<>();
        Map<Node, Info> after = null;
        try {
            openConnections(keys, perThread);
            if (spec.preload()) {
                listener.phase("pre-loading " + Units.count(spec.keyspace()) + " keys");
                preloaded = true; // set first: a pre-load that fails half-way is cleaned up too
                preload.run(Preload.Op.SET, Preload.all(), spec.valueMax(), spec.ttlMs());
            }
            listener.phase(spec.warmup().isZero() ? "running" : "warming up");
            long[] soFar = {0};
            LoadEngine engine = new LoadEngine(spec, keys, perThread);
            outcome = engine.run(() -> before.add(sample()), tick -> {
                soFar[0] += tick.commands();
                listener.second(second(tick), soFar[0]);
            }, interrupted);
            warmup = new SelfEffect(engine.warmupHits.sum(), engine.warmupMisses.sum());
            written.or(outcome.written());
            if (outcome.failure() == null) {
                after = sample();
            }
        } finally {
            perThread.forEach(cs -> cs.forEach(Conn::close));
            Thread.interrupted(); // Ctrl-C interrupted us: still clean up, then report exit 130
            if (!spec.keep()) {
                listener.phase("deleting bench keys");
                if (preloaded) {
                    written.set(0, spec.keyspace());
                }
                try {
                    cleanupCount = preload.run(Preload.Op.UNLINK, Preload.in(written), 0, 0);
                } catch (CachectlException e) {
                    // a failover moved slots (MOVED), or a node went away: delete through a client that
                    // follows redirects and relearns the topology
                    cleanupError = unlinkFollowingRedirects(keys, written, e);
                }
            }
        }
        String leftBehind = cleanupError == null ? "" : "; deleting the bench keys failed (" + cleanupError
                + ") — remove them with: cachectl invalidate '" + spec.prefix() + "*'";
        if (outcome.failure() != null) {
            Throwable f = outcome.failure();
            String where = target.masked();
            if (f instanceof LoadEngine.NodeFailure nf) {
                where = primaries.get(nf.node).address();
                f = nf.getCause();
            }
            String done = Units.count(outcome.commands()) + " requests completed before the failure"
                    + (spec.keep() || cleanupError != null ? "" : "; bench keys deleted");
            throw CachectlException.partial(RedisErrors.describe(f, where) + " (" + done + ")"
                    + leftBehind, f);
        }
        if (cleanupError != null) {
            throw CachectlException.partial("the run finished" + leftBehind, null);
        }
        SelfEffect own = warmup.plus(new SelfEffect(outcome.hitCount(), outcome.missCount()));
        record(own, before.isEmpty() ? null : before.get(0), after);
        return report(outcome, before.get(0), after, own);
    }

    /**
     * Deletes the bench keys one UNLINK each through {@link Target#keyClient()} (MOVED followed, slots
     * relearnt); returns null when every key is gone, else what failed.
     */
    private String unlinkFollowingRedirects(KeySpace keys, BitSet written, CachectlException first) {
        redis.clients.jedis.UnifiedJedis client;
        try {
            client = target.keyClient();
        } catch (RuntimeException e) {
            return first.getMessage();
        }
        long deleted = 0;
        for (int k = written.nextSetBit(0); k >= 0; k = written.nextSetBit(k + 1)) {
            try {
                deleted += client.unlink(keys.name(k));
            } catch (RuntimeException e) {
                cleanupCount = deleted;
                return first.getMessage() + "; then " + RedisErrors.describe(e, nodeOf(keys, k));
            }
        }
        cleanupCount = deleted;
        return null;
    }

    private String nodeOf(KeySpace keys, int k) {
        int n = keys.node(k);
        return n >= 0 && n < primaries.size() ? primaries.get(n).address() : target.masked();
    }

    /**
     * Publishes bench's lookups to the ledger per primary: all on the one server, or in a cluster split
     * in proportion to each primary's lookups over the run (bench counts them per run, not per node).
     */
    private void record(SelfEffect own, Map<Node, Info> before, Map<Node, Info> after) {
        if (primaries.size() == 1 || before == null || after == null) {
            recorder.add(primaries.get(0).address(), own.hits(), own.misses());
            return;
        }
        long all = delta(before, after, "keyspace_hits") + delta(before, after, "keyspace_misses");
        long hitsLeft = own.hits();
        long missesLeft = own.misses();
        for (int i = 0; i < primaries.size(); i++) {
            Node n = primaries.get(i);
            Map<Node, Info> b = Map.of(n, before.get(n));
            Map<Node, Info> a = Map.of(n, after.get(n));
            double share = all == 0 ? 1.0 / primaries.size()
                    : (double) (delta(b, a, "keyspace_hits") + delta(b, a, "keyspace_misses")) / all;
            long h = i == primaries.size() - 1 ? hitsLeft : Math.round(own.hits() * share);
            long m = i == primaries.size() - 1 ? missesLeft : Math.round(own.misses() * share);
            recorder.add(n.address(), h, m);
            hitsLeft -= h;
            missesLeft -= m;
        }
    }

    /** Bench keys found by SCAN MATCH (no TYPE filter: no lookups), where MEMORY USAGE is refused. */
    private long existingByScan() {
        String glob = spec.prefix().replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
        java.util.concurrent.atomic.LongAdder found = new java.util.concurrent.atomic.LongAdder();
        String prefix = spec.prefix();
        ScanSummary s = new Scanner(target).run(new ScanOptions().match(glob), (node, batch) -> {
            for (KeyInfo k : batch) {
                String name = new String(k.key(), java.nio.charset.StandardCharsets.UTF_8);
                String rest = name.substring(Math.min(prefix.length(), name.length()));
                if (rest.matches("0|[1-9][0-9]{0,9}") && Long.parseLong(rest) < spec.keyspace()) {
                    found.increment();
                }
            }
        }, io.cachectl.output.Progress.none());
        if (s.failure() != null) {
            throw s.failure();
        }
        return found.sum();
    }

    private SelfEffect warmup = SelfEffect.NONE;
    private long cleanupCount;
    private String cleanupError;

    /** INFO of every primary (the keyspace and eviction counters live there). */
    private Map<Node, Info> sample() {
        return target.onEach(primaries, jedis -> Info.parse(jedis.info()));
    }

    private static BenchReport.Second second(LoadEngine.Tick t) {
        Histogram all = t.all();
        return new BenchReport.Second(t.second(), round(t.commands() / Math.max(t.seconds(), 1e-9), 1),
                ratio(t.hits(), t.misses()), all.getTotalCount() == 0 ? null : ms(all.getValueAtPercentile(99)));
    }

    private BenchReport report(LoadEngine.Outcome o, Map<Node, Info> before, Map<Node, Info> after, SelfEffect own) {
        double seconds = o.elapsedNanos() / 1e9;
        Map<String, BenchReport.Latency> latency = new LinkedHashMap<>();
        Histogram all = new Histogram(3);
        for (Map.Entry<String, Histogram> e : Map.of("hits", o.hits(), "misses", o.misses(), "writes", o.writes())
                .entrySet().stream().sorted(Map.Entry.comparingByKey(
                        java.util.Comparator.comparing(List.of("hits", "misses", "writes")::indexOf))).toList()) {
            if (e.getValue().getTotalCount() > 0) {
                latency.put(e.getKey(), latency(e.getValue()));
                all.add(e.getValue());
            }
        }
        latency.put("all", latency(all));
        BenchReport.Server server = null;
        if (before != null && after != null) {
            long hits = delta(before, after, "keyspace_hits");
            long misses = delta(before, after, "keyspace_misses");
            server = new BenchReport.Server(hits, misses, ratio(hits, misses), delta(before, after, "evicted_keys"),
                    delta(before, after, "expired_keys"));
        }
        List<TargetResult> targets = new ArrayList<>();
        boolean reads = spec.workload().looksUp();
        targets.add(reads ? Verdicts.hitRate(o.hitCount(), o.missCount(), thresholds)
                : Verdicts.hitRate(0, 0, thresholds));
        targets.add(Verdicts.latency(o.hits().getTotalCount() == 0 ? null : o.hits().getMean() / 1000.0,
                o.hits().getTotalCount(), "GET-hit latency", thresholds));
        if (server != null) {
            targets.add(Verdicts.evictionRate(server.evictedKeys(), server.keyspaceHits() + server.keyspaceMisses(),
                    thresholds));
        }
        List<String> notes = new ArrayList<>();
        if (o.errors() > 0) {
            notes.add(Units.count(o.errors()) + " request(s) got an error reply, first: " + o.firstError());
        }
        if (recorder.note() != null) {
            notes.add(recorder.note());
        }
        if (warmup.lookups() > 0) {
            notes.add("the warm-up made " + Units.count(warmup.hits()) + " hits and " + Units.count(warmup.misses())
                    + " misses, not in hit_rate (they are in self_effect, and in the server's counters)");
        }
        if (o.interrupted()) {
            notes.add("interrupted: figures cover the " + round(seconds, 1) + " s before Ctrl-C");
        }
        if (target.isCluster()) {
            notes.add("cluster: " + spec.clients() + " clients spread over " + primaries.size()
                    + " primaries; each client draws keys its primary owns (by slot)");
        }
        if (spec.openLoop()) {
            notes.add("open loop: latency measured from each request's intended send time"
                    + " (corrected for coordinated omission)");
        }
        BenchReport.Parameters p = new BenchReport.Parameters(spec.clients(),
                Math.min(spec.clients(), spec.threads() > 0 ? spec.threads() : defaultThreads(spec.clients())),
                spec.pipeline(), spec.requests() > 0 ? spec.requests() : null,
                spec.requests() > 0 || spec.duration() == null ? null : spec.duration().toMillis() / 1000.0,
                spec.warmup().toMillis() / 1000.0, spec.openLoop() ? "open" : "closed",
                spec.openLoop() ? spec.rate() : null, spec.keyspace(), spec.zipf() == null ? "uniform" : "zipf",
                spec.zipf(), spec.valueMin(), spec.valueMax(), spec.ttlMs(),
                reads && spec.workload() != Workload.GET && spec.workload() != Workload.MIXED ? spec.backendMs() : null,
                spec.workload() == Workload.CACHE_ASIDE || spec.workload() == Workload.WRITE_THROUGH
                        ? spec.updateRatio() : null,
                spec.workload() == Workload.MIXED ? spec.setRatio() : null, spec.prefix(), primaries.size());
        return new BenchReport(target.masked(), target.mode().name().toLowerCase(java.util.Locale.ROOT),
                spec.workload().label(), p, o.commands(), round(seconds, 3),
                round(o.commands() / Math.max(seconds, 1e-9), 1), reads ? ratio(o.hitCount(), o.missCount()) : null,
                o.hitCount(), o.missCount(), o.writeCount(), o.errors(), o.firstError(), latency, server,
                o.timeline().stream().map(BenchService::second).toList(), targets,
                new BenchReport.Cleanup(spec.keep(), spec.keep() ? 0 : cleanupCount), o.interrupted(), own, notes);
    }

    static BenchReport.Latency latency(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new BenchReport.Latency(0, 0, 0, 0, 0, 0, 0);
        }
        return new BenchReport.Latency(h.getTotalCount(), round(h.getMean() / 1000.0, 3),
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
    }

    private static long delta(Map<Node, Info> before, Map<Node, Info> after, String field) {
        long sum = 0;
        for (Map.Entry<Node, Info> e : after.entrySet()) {
            Info b = before.get(e.getKey());
            sum += e.getValue().getLong(field, 0) - (b == null ? 0 : b.getLong(field, 0));
        }
        return sum;
    }

    private static Double ratio(long hits, long misses) {
        return hits + misses == 0 ? null : round((double) hits / (hits + misses), 5);
    }

    private static double ms(long micros) {
        return round(micros / 1000.0, 3);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private void openConnections(KeySpace keys, List<List<Conn>> perThread) {
        List<Integer> nodes = new ArrayList<>();
        for (int i = 0; i < primaries.size(); i++) {
            if (keys.keysOn(i) > 0) {
                nodes.add(i);
            }
        }
        int threads = Math.min(spec.clients(), spec.threads() > 0 ? spec.threads() : defaultThreads(spec.clients()));
        for (int t = 0; t < threads; t++) {
            perThread.add(new ArrayList<>());
        }
        for (int c = 0; c < spec.clients(); c++) {
            int node = nodes.get(c % nodes.size());
            Conn conn = new Conn(target.openRawFirst(primaries.get(node)), node, spec.pipeline());
            perThread.get(c % threads).add(conn);
        }
    }
}
