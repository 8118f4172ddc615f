package io.cachectl.ttl;

import io.cachectl.connect.Target;
import io.cachectl.effect.Recorder;
import io.cachectl.output.Progress;
import io.cachectl.scan.Namespaces;
import io.cachectl.scan.Probe;
import io.cachectl.scan.ScanOptions;
import io.cachectl.scan.ScanSummary;
import io.cachectl.scan.Scanner;
import io.cachectl.ttl.TtlReport.ClassRow;
import io.cachectl.ttl.TtlReport.NamespaceRow;
import io.cachectl.ttl.TtlReport.NoTtl;
import io.cachectl.ttl.TtlReport.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ttl-audit: scans with PTTL + MEMORY USAGE (no TYPE: one keyspace hit per key) and judges the policy. */
public final class TtlAuditService {
    public record Settings(Namespaces namespaces, TtlPolicy policy, int namespaceRows, int examples) {
    }

    private final Target target;
    private final Settings settings;
    private final Recorder recorder;

    public TtlAuditService(Target target, Settings settings) {
        this(target, settings, Recorder.local());
    }

    /** {@code recorder} counts (and publishes to the self-effect ledger) every lookup ttl-audit makes. */
    public TtlAuditService(Target target, Settings settings, Recorder recorder) {
        this.target = target;
        this.settings = settings;
        this.recorder = recorder;
    }

    public TtlReport run(ScanOptions options, Progress progress) {
        options.probes(Probe.TTL, Probe.MEMORY);
        TtlCollector c = new TtlCollector(settings.namespaces(), settings.policy(), settings.examples());
        Map<String, long[]> before = recorder.snapshot();
        ScanSummary scan = new Scanner(target).run(options, recorder.live(c), progress);
        recorder.settle(scan, before);
        return report(c, scan, options);
    }

    private TtlReport report(TtlCollector c, ScanSummary scan, ScanOptions options) {
        double f = scan.extrapolation();
        boolean mem = scan.memoryAvailable();
        List<ClassRow> classes = new ArrayList<>();
        for (TtlClass k : TtlClass.values()) {
            int i = k.ordinal();
            classes.add(new ClassRow(k.id(), k.label(), Math.round(c.classKeys[i] * f),
                    mem ? Math.round(c.classBytes[i] * f) : null, pct(c.classKeys[i], c.keys)));
        }
        NoTtl noTtl = new NoTtl(Math.round(c.noTtlKeys * f), mem ? Math.round(c.noTtlBytes * f) : null,
                pct(c.noTtlKeys, c.keys), mem ? pct(c.noTtlBytes, c.bytes) : null, List.copyOf(c.noTtlExamples));

        List<Map.Entry<String, TtlCollector.NsAcc>> ns = new ArrayList<>(c.ns.entries().entrySet());
        ns.sort(Comparator.comparingLong((Map.Entry<String, TtlCollector.NsAcc> e) ->
                mem ? e.getValue().noTtlBytes : e.getValue().noTtlKeys)
                .thenComparingLong(e -> e.getValue().keys).reversed());
        List<NamespaceRow> rows = new ArrayList<>();
        TtlCollector.NsAcc other = new TtlCollector.NsAcc();
        for (Map.Entry<String, TtlCollector.NsAcc> e : ns) {
            if (rows.size() < settings.namespaceRows() && !e.getKey().equals(Namespaces.OTHER)) {
                rows.add(nsRow(e.getKey(), e.getValue(), f, mem));
            } else {
                e.getValue().mergeInto(other);
            }
        }
        if (other.keys > 0) {
            rows.add(nsRow(Namespaces.OTHER, other, f, mem));
        }
        List<Violation> violations = new ArrayList<>();
        c.rules.forEach((rule, a) -> {
            if (a.keys > 0) {
                violations.add(new Violation(rule.describe(), rule.pattern(), Math.round(a.keys * f),
                        mem ? Math.round(a.bytes * f) : null, Map.copyOf(a.reasons), List.copyOf(a.examples)));
            }
        });
        List<String> notes = new ArrayList<>(scan.notes());
        if (settings.policy().rules().stream().anyMatch(r -> r.minTtl() != null)) {
            notes.add("min_ttl is not judged: Redis keeps the time a key has left, not the TTL it was set with,"
                    + " so a key with less time left than min_ttl may well have been set correctly; max_ttl and"
                    + " keys without TTL are judged exactly");
        }
        if (recorder.note() != null) {
            notes.add(recorder.note());
        }

        if (c.ns.merged()) {
            notes.add("more than " + TtlCollector.NAMESPACE_CAP + " namespaces: the smallest were merged into "
                    + Namespaces.OTHER + " while scanning (try a smaller --depth)");
        }
        return new TtlReport(target.masked(), target.isCluster() ? "cluster" : "standalone", scan.keysScanned(),
                scan.estimated(), Math.round(c.keys * f), mem ? Math.round(c.bytes * f) : null, mem, noTtl, classes,
                rows, settings.policy().source(), Math.round(c.violating * f), violations, scan, recorder.total(), notes);
    }

    private static NamespaceRow nsRow(String name, TtlCollector.NsAcc a, double f, boolean mem) {
        Map<String, Long> classes = new LinkedHashMap<>();
        for (TtlClass k : TtlClass.values()) {
            classes.put(k.id(), Math.round(a.classes[k.ordinal()] * f));
        }
        return new NamespaceRow(name, Math.round(a.keys * f), mem ? Math.round(a.bytes * f) : null,
                Math.round(a.noTtlKeys * f), mem ? Math.round(a.noTtlBytes * f) : null, pct(a.noTtlKeys, a.keys),
                classes, List.copyOf(a.examples));
    }

    private static double pct(long part, long whole) {
        return whole == 0 ? 0 : Math.round(1000.0 * part / whole) / 10.0;
    }
}
