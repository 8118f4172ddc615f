package io.cachectl.bigkeys;

import io.cachectl.bigkeys.BigkeysReport.Bucket;
import io.cachectl.bigkeys.BigkeysReport.KeyRow;
import io.cachectl.bigkeys.BigkeysReport.NamespaceRow;
import io.cachectl.bigkeys.BigkeysReport.NodeRow;
import io.cachectl.bigkeys.BigkeysReport.TypeStats;
import io.cachectl.connect.Capabilities;
import io.cachectl.connect.Node;
import io.cachectl.connect.Target;
import io.cachectl.effect.Recorder;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Progress;
import io.cachectl.scan.Namespaces;
import io.cachectl.scan.NodeScan;
import io.cachectl.scan.Probe;
import io.cachectl.scan.ScanOptions;
import io.cachectl.scan.ScanSummary;
import io.cachectl.scan.Scanner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * bigkeys: scans with TYPE + MEMORY USAGE + length and aggregates in bounded memory; the TTLs of the
 * keys it lists are read after the scan ({@link ListedTtls}).
 */
public final class BigkeysService {
    /** @param top keys per top list; @param threshold bytes; @param namespaceRows rows before "(other)" */
    public record Settings(int top, long threshold, Namespaces namespaces, int namespaceRows) {
    }

    private final Target target;
    private final Settings settings;
    private final Recorder recorder;

    public BigkeysService(Target target, Settings settings) {
        this(target, settings, Recorder.local());
    }

    /** {@code recorder} counts (and publishes to the self-effect ledger) every lookup bigkeys makes. */
    public BigkeysService(Target target, Settings settings, Recorder recorder) {
        this.target = target;
        this.settings = settings;
        this.recorder = recorder;
    }

    public BigkeysReport run(ScanOptions options, Progress progress) {
        Capabilities caps = target.capabilities();
        if (!caps.allows(Capabilities.MEMORY)) {
            throw CachectlException.unavailable("bigkeys needs MEMORY USAGE, which " + target.masked() + " refused: "
                    + caps.refusal(Capabilities.MEMORY) + " (grant the ACL user +memory, e.g. ACL SETUSER <user>"
                    + " +memory; ttl-audit works without it)", null);
        }
        options.probes(Probe.TYPE, Probe.MEMORY, Probe.LENGTH);
        BigkeysCollector c = new BigkeysCollector(settings.top(), settings.threshold(), settings.namespaces());
        Scanner scanner = new Scanner(target);
        Map<String, long[]> before = recorder.snapshot();
        ScanSummary scan = scanner.run(options, recorder.live(c), progress);
        recorder.settle(scan, before);
        return report(c, scan, scanner.nodes(options), options);
    }

    private BigkeysReport report(BigkeysCollector c, ScanSummary scan, List<Node> scanned, ScanOptions options) {
        double f = scan.extrapolation();
        long totalBytes = Math.round(c.bytes * f);
        Map<String, TypeStats> byType = new LinkedHashMap<>();
        Map<String, List<KeyRow>> byLength = new LinkedHashMap<>();
        c.types.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().bytes, a.getValue().bytes))
                .forEach(e -> {
                    BigkeysCollector.TypeAcc t = e.getValue();
                    List<KeyRow> longest = t.byLength.sorted();
                    KeyRow first = longest.isEmpty() ? null : longest.get(0);
                    byType.put(e.getKey(), new TypeStats(Math.round(t.keys * f), Math.round(t.bytes * f),
                            t.keys == 0 ? 0 : t.bytes / t.keys, t.biggestKey, t.biggestBytes,
                            first == null ? null : first.key(), first == null ? -1 : first.length()));
                    byLength.put(e.getKey(), longest);
                });
        List<Map.Entry<String, BigkeysCollector.NsAcc>> ns = new ArrayList<>(c.ns.entries().entrySet());
        ns.sort(Comparator.comparingLong((Map.Entry<String, BigkeysCollector.NsAcc> e) -> e.getValue().bytes)
                .reversed());
        List<NamespaceRow> namespaces = new ArrayList<>();
        BigkeysCollector.NsAcc other = new BigkeysCollector.NsAcc();
        for (Map.Entry<String, BigkeysCollector.NsAcc> e : ns) {
            if (namespaces.size() < settings.namespaceRows() && !e.getKey().equals(Namespaces.OTHER)) {
                namespaces.add(nsRow(e.getKey(), e.getValue(), f, c.bytes));
            } else {
                e.getValue().mergeInto(other);
            }
        }
        if (other.keys > 0) {
            namespaces.add(nsRow(Namespaces.OTHER, other, f, c.bytes));
        }
        List<Bucket> buckets = new ArrayList<>();
        int lo = 0;
        int hi = -1;
        for (int i = 0; i < 64; i++) {
            if (c.bucketKeys[i] > 0) {
                lo = hi < 0 ? i : lo;
                hi = i;
            }
        }
        for (int i = lo; i <= hi; i++) {
            buckets.add(new Bucket(i == 0 ? 0 : 1L << i, 1L << (i + 1), Math.round(c.bucketKeys[i] * f),
                    Math.round(c.bucketBytes[i] * f)));
        }
        List<NodeRow> nodes = new ArrayList<>();
        long maxBytes = 0;
        for (NodeScan n : scan.nodes()) {
            long[] acc = c.perNode.getOrDefault(n.node(), new long[2]);
            nodes.add(new NodeRow(n.node(), n.dbsize(), acc[0], acc[1], c.bytes == 0 ? 0 : 100.0 * acc[1] / c.bytes));
            maxBytes = Math.max(maxBytes, acc[1]);
        }
        Double imbalance = nodes.size() > 1 && c.bytes > 0 ? maxBytes / ((double) c.bytes / nodes.size()) : null;
        List<String> notes = new ArrayList<>(scan.notes());
        if (recorder.note() != null) {
            notes.add(recorder.note());
        }

        if (c.ns.merged()) {
            notes.add("more than " + BigkeysCollector.NAMESPACE_CAP + " namespaces: the smallest were merged into "
                    + Namespaces.OTHER + " while scanning (try a smaller --depth)");
        }
        c.over.sort(Comparator.comparingLong(KeyRow::bytes).reversed());
        List<KeyRow> top = c.topKeys.sorted();
        List<List<KeyRow>> listed = new ArrayList<>(List.of(top, c.over));
        listed.addAll(byLength.values());
        UnaryOperator<KeyRow> ttl = ListedTtls.read(target, scanned, listed, notes, recorder);
        byLength.replaceAll((type, rows) -> rows.stream().map(ttl).toList());
        return new BigkeysReport(target.masked(), target.isCluster() ? "cluster" : "standalone", scan.keysScanned(),
                scan.estimated(), Math.round(c.keys * f), totalBytes, settings.threshold(),
                top.stream().map(ttl).toList(), c.over.stream().map(ttl).toList(), byType, byLength, namespaces,
                buckets, nodes, imbalance, scan, recorder.total(), notes);
    }

    private static NamespaceRow nsRow(String name, BigkeysCollector.NsAcc a, double f, long total) {
        return new NamespaceRow(name, Math.round(a.keys * f), Math.round(a.bytes * f),
                total == 0 ? 0 : Math.round(1000.0 * a.bytes / total) / 10.0, a.keys == 0 ? 0 : a.bytes / a.keys,
                a.biggestKey, a.biggestBytes);
    }
}
