package io.cachectl.bigkeys;

import io.cachectl.bigkeys.BigkeysReport.KeyRow;
import io.cachectl.connect.Node;
import io.cachectl.scan.BatchConsumer;
import io.cachectl.scan.CappedTable;
import io.cachectl.scan.KeyInfo;
import io.cachectl.scan.Keys;
import io.cachectl.scan.Namespaces;
import io.cachectl.scan.TopN;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Aggregates scanned keys in bounded memory (top-N heaps, capped namespace table). */
final class BigkeysCollector implements BatchConsumer {
    static final int NAMESPACE_CAP = 10_000;

    static final class TypeAcc {
        long keys;
        long bytes;
        String biggestKey;
        long biggestBytes = -1;
        TopN<KeyRow> byLength;
    }

    static final class NsAcc {
        long keys;
        long bytes;
        String biggestKey;
        long biggestBytes = -1;

        void mergeInto(NsAcc o) {
            o.keys += keys;
            o.bytes += bytes;
            if (biggestBytes > o.biggestBytes) {
                o.biggestBytes = biggestBytes;
                o.biggestKey = biggestKey;
            }
        }
    }

    private final int top;
    private final long threshold;
    private final Namespaces namespaces;
    final TopN<KeyRow> topKeys;
    final Map<String, TypeAcc> types = new TreeMap<>();
    final List<KeyRow> over = new ArrayList<>();
    final CappedTable<NsAcc> ns = new CappedTable<>(NAMESPACE_CAP, NsAcc::new, NsAcc::mergeInto, a -> a.bytes);
    final long[] bucketKeys = new long[64];
    final long[] bucketBytes = new long[64];
    final Map<String, long[]> perNode = new LinkedHashMap<>();
    long keys;
    long bytes;
    private String lastType; // consecutive keys mostly share a type: skip the map lookup
    private TypeAcc lastAcc;

    BigkeysCollector(int top, long threshold, Namespaces namespaces) {
        this.top = top;
        this.threshold = threshold;
        this.namespaces = namespaces;
        this.topKeys = new TopN<>(top, KeyRow::bytes);
    }

    @Override
    public synchronized void accept(Node node, List<KeyInfo> batch) {
        String where = node.address();
        long[] nodeAcc = perNode.computeIfAbsent(where, k -> new long[2]);
        for (KeyInfo k : batch) {
            long b = Math.max(0, k.bytes());
            String type = k.type() == null ? "unknown" : k.type();
            String display = null; // built only for keys that get listed (most never are)
            keys++;
            bytes += b;
            nodeAcc[0]++;
            nodeAcc[1] += b;
            TypeAcc t = type == lastType ? lastAcc : types.computeIfAbsent(type, x -> {
                TypeAcc a = new TypeAcc();
                a.byLength = new TopN<>(top, KeyRow::length);
                return a;
            });
            lastType = type;
            lastAcc = t;
            t.keys++;
            t.bytes += b;
            if (b > t.biggestBytes) {
                display = Keys.display(k.key());
                t.biggestBytes = b;
                t.biggestKey = display;
            }
            if (t.byLength.accepts(k.length())) {
                display = display != null ? display : Keys.display(k.key());
                t.byLength.offer(row(k, display, type, where));
            }
            if (topKeys.accepts(b)) {
                display = display != null ? display : Keys.display(k.key());
                topKeys.offer(row(k, display, type, where));
            }
            if (b >= threshold && k.bytes() >= 0) {
                display = display != null ? display : Keys.display(k.key());
                over.add(row(k, display, type, where));
            }
            NsAcc n = ns.get(namespaces.of(k.key()));
            n.keys++;
            n.bytes += b;
            if (b > n.biggestBytes) {
                n.biggestBytes = b;
                n.biggestKey = display != null ? display : Keys.display(k.key());
            }
            int bucket = b <= 0 ? 0 : 63 - Long.numberOfLeadingZeros(b);
            bucketKeys[bucket]++;
            bucketBytes[bucket] += b;
        }
    }

    private static KeyRow row(KeyInfo k, String display, String type, String node) {
        return new KeyRow(display, type, k.bytes(), k.length(), k.hasTtl() ? k.pttlMs() : null, node, k.key());
    }
}
