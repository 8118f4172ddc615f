package io.cachectl.bigkeys;

import io.cachectl.bigkeys.BigkeysReport.Bucket;
import io.cachectl.bigkeys.BigkeysReport.KeyRow;
import io.cachectl.bigkeys.BigkeysReport.NamespaceRow;
import io.cachectl.bigkeys.BigkeysReport.NodeRow;
import io.cachectl.bigkeys.BigkeysReport.TypeStats;
import io.cachectl.effect.SelfEffectView;
import io.cachectl.output.Style;
import io.cachectl.output.Table;
import io.cachectl.output.Units;
import io.cachectl.scan.ScanView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Human form of a {@link BigkeysReport}, and CSV of the top keys. */
public final class BigkeysView {
    private static final int BAR = 40;
    private final Style style;

    public BigkeysView(Style style) {
        this.style = style;
    }

    public List<String> render(BigkeysReport r) {
        List<String> out = new ArrayList<>();
        String est = r.estimated() ? " (estimated)" : "";
        out.add(style.bold("bigkeys") + "  " + r.target() + "  " + r.mode());
        out.add(ScanView.headline(r.scan()));
        out.add("total" + est + ": " + Units.count(r.totalKeys()) + " keys, " + Units.bytes(r.totalBytes()));
        out.add("");
        out.add(style.bold("Top " + r.topKeys().size() + " keys by memory"));
        out.addAll(keys(r.topKeys(), r.mode().equals("cluster")));
        out.add("");
        if (r.overThreshold().isEmpty()) {
            out.add(style.green("No keys over " + Units.bytes(r.thresholdBytes())));
        } else {
            out.add(style.red(Units.count(r.overThreshold().size()) + " keys over " + Units.bytes(r.thresholdBytes())
                    + " (the guide: do not cache objects over 1 MB; compress or split them)"));
            out.addAll(keys(r.overThreshold(), r.mode().equals("cluster")));
        }
        out.add("");
        out.add(style.bold("By type") + est);
        Table types = new Table("type", "keys>", "memory>", "avg>", "biggest key", "size>", "longest key", "length>");
        for (Map.Entry<String, TypeStats> e : r.byType().entrySet()) {
            TypeStats t = e.getValue();
            types.row(e.getKey(), Units.count(t.keys()), Units.bytes(t.bytes()), Units.bytes(t.avgBytes()),
                    trim(t.biggestKey()), Units.bytes(Math.max(0, t.biggestBytes())), trim(t.longestKey()),
                    t.longestLength() < 0 ? "-" : Units.count(t.longestLength()));
        }
        out.addAll(types.render(style, "  "));
        out.add("");
        out.add(style.bold("Namespaces by memory") + est);
        Table ns = new Table("namespace", "keys>", "memory>", "%>", "avg>", "biggest key");
        for (NamespaceRow n : r.namespaces()) {
            ns.row(trim(n.namespace()), Units.count(n.keys()), Units.bytes(n.bytes()), n.pct() + " %",
                    Units.bytes(n.avgBytes()), trim(n.biggestKey()));
        }
        out.addAll(ns.render(style, "  "));
        out.add("");
        out.add(style.bold("Key sizes") + est);
        long max = r.distribution().stream().mapToLong(Bucket::keys).max().orElse(1);
        for (Bucket b : r.distribution()) {
            int len = (int) Math.round((double) b.keys() / Math.max(1, max) * BAR);
            out.add(String.format("  %9s – %-9s %s %s", Units.bytes(b.minBytes()), Units.bytes(b.maxBytes()),
                    style.cyan("█".repeat(len) + (len == 0 && b.keys() > 0 ? "▏" : "")), Units.count(b.keys())));
        }
        if (r.nodes().size() > 1) {
            out.add("");
            out.add(style.bold("Per node") + (r.imbalance() == null ? ""
                    : "  (imbalance: biggest node holds " + Units.decimal(r.imbalance(), 2) + "× the average)"));
            Table nodes = new Table("node", "dbsize>", "scanned>", "memory>", "%>");
            for (NodeRow n : r.nodes()) {
                nodes.row(n.node(), Units.count(n.dbsize()), Units.count(n.keysScanned()), Units.bytes(n.bytes()),
                        Units.decimal(n.pct(), 1) + " %");
            }
            out.addAll(nodes.render(style, "  "));
        }
        List<String> footer = new ArrayList<>(ScanView.footer(r.scan(), style));
        footer.add(SelfEffectView.line(r.selfEffect(), "TYPE and a length command (STRLEN/HLEN/LLEN/SCARD/ZCARD/XLEN)"
                + " per key read, PTTL of each listed key; MEMORY USAGE counts none", r.scan().noTouch(), style));
        out.add("");
        out.addAll(footer);
        return out;
    }

    private List<String> keys(List<KeyRow> rows, boolean cluster) {
        Table t = cluster ? new Table("key", "type", "size>", "length>", "ttl>", "node")
                : new Table("key", "type", "size>", "length>", "ttl>");
        for (KeyRow k : rows) {
            String ttl = k.ttlMs() == null ? "none" : Units.duration(Duration.ofMillis(k.ttlMs()));
            String len = k.length() < 0 ? "-" : Units.count(k.length());
            if (cluster) {
                t.row(trim(k.key()), k.type(), Units.bytes(k.bytes()), len, ttl, k.node());
            } else {
                t.row(trim(k.key()), k.type(), Units.bytes(k.bytes()), len, ttl);
            }
        }
        return t.render(style, "  ");
    }

    private static String trim(String s) {
        if (s == null) {
            return "-";
        }
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** Top keys as CSV: key,type,bytes,length,ttl_ms,node (header first). */
    public static List<String> csv(BigkeysReport r) {
        List<String> out = new ArrayList<>();
        out.add("key,type,bytes,length,ttl_ms,node");
        for (KeyRow k : r.topKeys()) {
            out.add(String.join(",", csvField(k.key()), k.type(), Long.toString(k.bytes()), Long.toString(k.length()),
                    k.ttlMs() == null ? "" : Long.toString(k.ttlMs()), k.node()));
        }
        return out;
    }

    static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
