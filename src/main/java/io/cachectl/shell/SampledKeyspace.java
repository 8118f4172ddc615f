package io.cachectl.shell;

import io.cachectl.bigkeys.BigkeysReport;
import io.cachectl.bigkeys.BigkeysService;
import io.cachectl.connect.Capabilities;
import io.cachectl.connect.Target;
import io.cachectl.output.Progress;
import io.cachectl.scan.Namespaces;
import io.cachectl.scan.ScanOptions;
import io.cachectl.ttl.TtlAuditService;
import io.cachectl.ttl.TtlClass;
import io.cachectl.ttl.TtlPolicy;
import io.cachectl.ttl.TtlReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Doctor's keyspace evidence from the keyspace engine: a sampled {@code bigkeys} and a sampled
 * {@code ttl-audit} (each about {@code sampleKeys} keys, so bounded in time), with totals
 * extrapolated from DBSIZE exactly as those commands do with {@code --sample}.
 */
public final class SampledKeyspace implements KeyspaceEvidence {
    private static final long ONE_MB = 1024 * 1024;
    private final long sampleKeys;

    public SampledKeyspace(long sampleKeys) {
        this.sampleKeys = sampleKeys;
    }

    @Override
    public Optional<Survey> survey(Target target) {
        List<String> notes = new ArrayList<>();
        BigkeysReport big = null;
        if (target.capabilities().allows(Capabilities.MEMORY)) {
            big = new BigkeysService(target, new BigkeysService.Settings(10, ONE_MB, Namespaces.defaults(), 10))
                    .run(options(), Progress.none());
        } else {
            notes.add("MEMORY USAGE refused: no namespace sizes or big keys");
        }
        TtlReport ttl = new TtlAuditService(target, new TtlAuditService.Settings(Namespaces.defaults(),
                TtlPolicy.defaultPolicy(), 10, 3)).run(options(), Progress.none());
        boolean sampled = ttl.estimated() || big != null && big.estimated();
        if (sampled) {
            notes.add("keyspace sampled: about " + sampleKeys + " keys read, totals extrapolated from DBSIZE"
                    + " (run cachectl bigkeys / ttl-audit for exact figures)");
        }
        long hits = ttl.scan().hitsAdded() + (big == null ? 0 : big.scan().hitsAdded());
        notes.add("the survey itself added " + hits + " keyspace hits (TYPE/PTTL/length probes) after the"
                + " traffic figures were taken");
        List<Namespace> namespaces = big == null ? List.of() : big.namespaces().stream()
                .map(n -> new Namespace(n.namespace(), n.keys(), n.bytes())).toList();
        List<BigKey> bigKeys = big == null ? List.of() : big.overThreshold().stream()
                .map(k -> new BigKey(k.key(), k.type(), k.bytes(), k.node())).toList();
        List<TtlClasses> classes = ttl.namespaces().stream().map(SampledKeyspace::classes).toList();
        return Optional.of(new Survey(sampled, ttl.keysScanned(), namespaces, bigKeys, ttl.noTtl().keys(),
                ttl.noTtl().bytes() == null ? 0 : ttl.noTtl().bytes(), classes, notes));
    }

    private ScanOptions options() {
        return new ScanOptions().sampleKeys(sampleKeys).stopWhen(() -> Thread.currentThread().isInterrupted());
    }

    /** Per namespace; the median TTL is the upper bound of the guide's class that holds the median key. */
    private static TtlClasses classes(TtlReport.NamespaceRow row) {
        Map<String, Long> c = row.classes();
        long[] expiring = {c.getOrDefault(TtlClass.REALTIME.id(), 0L), c.getOrDefault(TtlClass.FREQUENT.id(), 0L),
            c.getOrDefault(TtlClass.RARE.id(), 0L), c.getOrDefault(TtlClass.STATIC.id(), 0L),
            c.getOrDefault(TtlClass.LONG.id(), 0L)};
        long[] bound = {300, 1800, 86_400, 604_800, 604_801};
        long total = 0;
        for (long e : expiring) {
            total += e;
        }
        Long median = null;
        long seen = 0;
        for (int i = 0; i < expiring.length && total > 0; i++) {
            seen += expiring[i];
            if (seen * 2 >= total) {
                median = bound[i];
                break;
            }
        }
        return new TtlClasses(row.namespace(), row.keys(), row.noTtlKeys(), expiring[0], expiring[1], expiring[2],
                expiring[3] + expiring[4], median);
    }
}
