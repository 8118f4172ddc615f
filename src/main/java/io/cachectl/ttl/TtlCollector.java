package io.cachectl.ttl;

import io.cachectl.connect.Node;
import io.cachectl.scan.BatchConsumer;
import io.cachectl.scan.CappedTable;
import io.cachectl.scan.KeyInfo;
import io.cachectl.scan.Keys;
import io.cachectl.scan.Namespaces;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Aggregates TTLs in bounded memory: capped namespace table, a few example keys each. */
final class TtlCollector implements BatchConsumer {
    static final int NAMESPACE_CAP = 10_000;

    static final class NsAcc {
        long keys;
        long bytes;
        long noTtlKeys;
        long noTtlBytes;
        final long[] classes = new long[TtlClass.values().length];
        final List<String> examples = new ArrayList<>(2);

        void mergeInto(NsAcc o) {
            o.keys += keys;
            o.bytes += bytes;
            o.noTtlKeys += noTtlKeys;
            o.noTtlBytes += noTtlBytes;
            for (int i = 0; i < classes.length; i++) {
                o.classes[i] += classes[i];
            }
        }
    }

    static final class RuleAcc {
        long keys;
        long bytes;
        final Map<String, Long> reasons = new LinkedHashMap<>();
        final List<String> examples = new ArrayList<>();
    }

    private final Namespaces namespaces;
    private final TtlPolicy policy;
    private final int examples;
    long keys;
    long bytes;
    long noTtlKeys;
    long noTtlBytes;
    final List<String> noTtlExamples = new ArrayList<>();
    final long[] classKeys = new long[TtlClass.values().length];
    final long[] classBytes = new long[TtlClass.values().length];
    final CappedTable<NsAcc> ns = new CappedTable<>(NAMESPACE_CAP, NsAcc::new, NsAcc::mergeInto, a -> a.keys);
    final Map<TtlPolicy.Rule, RuleAcc> rules = new LinkedHashMap<>();
    long violating;

    TtlCollector(Namespaces namespaces, TtlPolicy policy, int examples) {
        this.namespaces = namespaces;
        this.policy = policy;
        this.examples = examples;
        policy.rules().forEach(r -> rules.put(r, new RuleAcc()));
    }

    @Override
    public synchronized void accept(Node node, List<KeyInfo> batch) {
        for (KeyInfo k : batch) {
            long b = Math.max(0, k.bytes());
            String display = null; // built only when needed (examples, a rule that is not "*")
            TtlClass c = TtlClass.of(k.pttlMs());
            keys++;
            bytes += b;
            classKeys[c.ordinal()]++;
            classBytes[c.ordinal()] += b;
            NsAcc n = ns.get(namespaces.of(k.key()));
            n.keys++;
            n.bytes += b;
            n.classes[c.ordinal()]++;
            if (c == TtlClass.NONE) {
                noTtlKeys++;
                noTtlBytes += b;
                n.noTtlKeys++;
                n.noTtlBytes += b;
                if (noTtlExamples.size() < examples) {
                    display = Keys.display(k.key());
                    noTtlExamples.add(display);
                }
                if (n.examples.size() < 2) {
                    display = display != null ? display : Keys.display(k.key());
                    n.examples.add(display);
                }
            }
            TtlPolicy.Rule rule = policy.match(k.key());
            String why = rule == null ? null : rule.violation(k.pttlMs());
            if (why != null) {
                violating++;
                RuleAcc a = rules.get(rule);
                a.keys++;
                a.bytes += b;
                a.reasons.merge(why, 1L, Long::sum);
                if (a.examples.size() < examples) {
                    a.examples.add(display != null ? display : Keys.display(k.key()));
                }
            }
        }
    }
}
