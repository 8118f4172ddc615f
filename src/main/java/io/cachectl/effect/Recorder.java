package io.cachectl.effect;

import io.cachectl.connect.Info;
import io.cachectl.connect.Target;
import io.cachectl.scan.BatchConsumer;
import io.cachectl.scan.KeyInfo;
import io.cachectl.scan.NodeScan;
import io.cachectl.scan.ScanSummary;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the lookups one command causes, per node, and publishes them to the {@link Ledger} as they
 * happen: scan batches as they are delivered (the probes that count: TYPE, PTTL, a length), then the
 * scan's exact per-node figures when it ends ({@link #settle}), and any other lookups ({@link #add}).
 */
public final class Recorder {
    private final Ledger ledger;
    private final Target target;
    private final Map<String, Ledger.Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, long[]> counted = new ConcurrentHashMap<>();

    private Recorder(Ledger ledger, Target target) {
        this.ledger = ledger;
        this.target = target;
    }

    /** Reads each node's run_id (one INFO server per node) to find its ledger entry. */
    public static Recorder of(Ledger ledger, Target target) {
        Recorder r = new Recorder(ledger, target);
        if (ledger != null && ledger.enabled()) {
            try {
                target.onEach(target.nodes(), j -> Info.parse(j.info("server")).get("run_id"))
                        .forEach((node, runId) -> r.entries.put(node.address(), ledger.entry(runId)));
            } catch (RuntimeException ignored) {
                // not recorded: stats and doctor will not subtract these lookups
            }
        }
        return r;
    }

    /** Counts without publishing (tests, or where no ledger is wanted). */
    public static Recorder local() {
        return new Recorder(null, null);
    }

    /** {@code consumer}, counting each delivered key's hit-counting probes as the batch arrives. */
    public BatchConsumer live(BatchConsumer consumer) {
        return (node, batch) -> {
            long hits = 0;
            for (KeyInfo k : batch) {
                hits += (k.type() != null ? 1 : 0) + (k.pttlMs() != KeyInfo.NOT_PROBED ? 1 : 0)
                        + (k.length() >= 0 ? 1 : 0);
            }
            add(node.address(), hits, 0);
            consumer.accept(node, batch);
        };
    }

    /** Replaces the live counts of each scanned node by the scan's exact figures (misses included). */
    public void settle(ScanSummary scan, Map<String, long[]> liveBefore) {
        for (NodeScan n : scan.nodes()) {
            long[] before = liveBefore.getOrDefault(n.node(), new long[2]);
            long[] now = counted.getOrDefault(n.node(), new long[2]);
            add(n.node(), n.hitsAdded() - (now[0] - before[0]), n.missesAdded() - (now[1] - before[1]));
        }
    }

    /** A snapshot of the per-node counts, to {@link #settle} a scan that starts now. */
    public Map<String, long[]> snapshot() {
        Map<String, long[]> copy = new ConcurrentHashMap<>();
        counted.forEach((k, v) -> {
            synchronized (v) {
                copy.put(k, v.clone());
            }
        });
        return copy;
    }

    public void add(String node, long hits, long misses) {
        if (hits == 0 && misses == 0) {
            return;
        }
        long[] c = counted.computeIfAbsent(node, n -> new long[2]);
        synchronized (c) {
            c[0] += hits;
            c[1] += misses;
        }
        Ledger.Entry e = entry(node);
        if (e != null) {
            e.add(hits, misses);
        }
    }

    /** A note for the report when the lookups could not be published to the ledger, else null. */
    public String note() {
        return ledger == null ? null : ledger.writeProblem();
    }

    /** Everything counted by this recorder. */
    public SelfEffect total() {
        long h = 0;
        long m = 0;
        for (long[] c : counted.values()) {
            synchronized (c) {
                h += c[0];
                m += c[1];
            }
        }
        return new SelfEffect(h, m);
    }

    private Ledger.Entry entry(String address) {
        return entries.get(address);
    }
}
