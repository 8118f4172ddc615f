package io.cachectl.doctor;

import io.cachectl.connect.Capabilities;
import io.cachectl.connect.Node;
import io.cachectl.connect.Target;
import io.cachectl.effect.Ledger;
import io.cachectl.effect.Recorder;
import io.cachectl.output.Progress;
import io.cachectl.scan.BatchConsumer;
import io.cachectl.scan.KeyInfo;
import io.cachectl.scan.Keys;
import io.cachectl.scan.Namespaces;
import io.cachectl.scan.Probe;
import io.cachectl.scan.ScanOptions;
import io.cachectl.scan.ScanSummary;
import io.cachectl.scan.Scanner;
import io.cachectl.ttl.TtlClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.Jedis;

/**
 * Doctor's keyspace evidence from one sampled scan of about {@code sampleKeys} keys with MEMORY USAGE
 * and PTTL only: one keyspace lookup per key read (the PTTL; MEMORY USAGE counts none), plus a TYPE
 * for each key over 1 MB it lists. It reports what it measured in the sample, never an extrapolation.
 */
public final class SampledKeyspace implements KeyspaceEvidence {
    static final long ONE_MB = 1024 * 1024;
    private static final int LISTED = 10;
    private final long sampleKeys;
    private final Ledger ledger;

    public SampledKeyspace(long sampleKeys, Ledger ledger) {
        this.sampleKeys = sampleKeys;
        this.ledger = ledger;
    }

    /** What the consumer adds up, per namespace and overall (one thread per node: synchronized). */
    private static final class Acc implements BatchConsumer {
        final Namespaces namespaces = Namespaces.defaults();
        final Map<String, long[]> ns = new HashMap<>(); // keys, bytes, then one count per TtlClass
        final List<Object[]> big = new ArrayList<>(); // raw key, bytes, node
        long bigCount;
        long noTtlKeys;
        long noTtlBytes;

        @Override
        public synchronized void accept(Node node, List<KeyInfo> batch) {
            for (KeyInfo k : batch) {
                long b = Math.max(0, k.bytes());
                TtlClass c = TtlClass.of(k.pttlMs());
                long[] a = ns.computeIfAbsent(namespaces.of(k.key()), n -> new long[2 + TtlClass.values().length]);
                a[0]++;
                a[1] += b;
                a[2 + c.ordinal()]++;
                if (c == TtlClass.NONE) {
                    noTtlKeys++;
                    noTtlBytes += b;
                }
                if (b > ONE_MB) {
                    bigCount++;
                    big.add(new Object[] {k.key(), b, node});
                    big.sort(Comparator.comparingLong((Object[] o) -> (Long) o[1]).reversed());
                    if (big.size() > LISTED) {
                        big.remove(LISTED);
                    }
                }
            }
        }
    }

    @Override
    public Optional<Survey> survey(Target target) {
        List<String> notes = new ArrayList<>();
        Recorder recorder = Recorder.of(ledger, target);
        ScanOptions options = new ScanOptions().sampleKeys(sampleKeys)
                .stopWhen(() -> Thread.currentThread().isInterrupted());
        options.probes(Probe.TTL, Probe.MEMORY);
        boolean memory = target.capabilities().allows(Capabilities.MEMORY);
        if (!memory) {
            notes.add("MEMORY USAGE refused: no namespace sizes or big keys");
        }
        Acc acc = new Acc();
        ScanSummary scan = new Scanner(target).run(options, recorder.live(acc), Progress.none());
        recorder.settle(scan, Map.of());
        boolean sampled = scan.estimated() || !scan.completed() && scan.error() == null && !scan.interrupted();
        List<BigKey> bigKeys = new ArrayList<>();
        for (Object[] b : acc.big) {
            bigKeys.add(new BigKey(Keys.display((byte[]) b[0]), type(target, (Node) b[2], (byte[]) b[0], recorder),
                    (Long) b[1], ((Node) b[2]).address()));
        }
        if (acc.bigCount > bigKeys.size()) {
            notes.add(acc.bigCount + " keys over 1 MB in the sample; the " + bigKeys.size() + " largest are listed");
        }
        List<Namespace> namespaces = acc.ns.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
                .limit(LISTED).map(e -> new Namespace(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
        List<TtlClasses> classes = acc.ns.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed())
                .limit(LISTED).map(e -> classes(e.getKey(), e.getValue())).toList();
        notes.add("survey: SCAN with MEMORY USAGE and PTTL per key" + (bigKeys.isEmpty() ? "" : ", TYPE of the"
                + " listed keys over 1 MB") + "; " + (sampled ? "sampled: figures are what the " + scan.keysScanned()
                + " keys read hold, not estimates for all " + scan.dbsize() : "every key read"));
        if (recorder.note() != null) {
            notes.add(recorder.note());
        }
        // not the engine's "totals are estimates": the survey extrapolates nothing
        scan.notes().stream().filter(n -> !n.startsWith("sampled ")).forEach(notes::add);
        return Optional.of(new Survey(sampled, scan.keysScanned(), scan.dbsize(), memory ? namespaces : List.of(),
                bigKeys, acc.noTtlKeys, acc.noTtlBytes, classes, recorder.total(), scan.error(), notes));
    }

    /** TYPE of a listed big key (one counted lookup); null when it is gone or TYPE fails. */
    private static String type(Target target, Node node, byte[] key, Recorder recorder) {
        try (Jedis j = target.openForReads(node)) {
            String t = j.type(key);
            recorder.add(node.address(), "none".equals(t) ? 0 : 1, "none".equals(t) ? 1 : 0);
            return "none".equals(t) ? null : t;
        } catch (RuntimeException e) {
            return null; // the listing shows no type; the survey itself stands
        }
    }

    /** Per namespace; the median TTL is the upper bound of the guide's class that holds the median key. */
    private static TtlClasses classes(String namespace, long[] a) {
        long[] expiring = {a[2 + TtlClass.REALTIME.ordinal()], a[2 + TtlClass.FREQUENT.ordinal()],
            a[2 + TtlClass.RARE.ordinal()], a[2 + TtlClass.STATIC.ordinal()], a[2 + TtlClass.LONG.ordinal()]};
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
        return new TtlClasses(namespace, a[0], a[2 + TtlClass.NONE.ordinal()], expiring[0], expiring[1], expiring[2],
                expiring[3] + expiring[4], median);
    }
}
