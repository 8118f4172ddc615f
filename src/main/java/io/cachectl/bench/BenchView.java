package io.cachectl.bench;

import io.cachectl.output.Style;
import io.cachectl.output.Table;
import io.cachectl.output.Units;
import io.cachectl.slo.TargetResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Human rendering of {@link BenchReport}: load shape, throughput, hit rate, latency table, sparklines, targets. */
public final class BenchView {
    private static final char[] BARS = "▁▂▃▄▅▆▇█".toCharArray();
    private static final int SPARK_WIDTH = 60;
    private final Style style;

    public BenchView(Style style) {
        this.style = style;
    }

    public List<String> render(BenchReport r) {
        List<String> out = new ArrayList<>();
        BenchReport.Parameters p = r.parameters();
        out.add(style.bold("cachectl bench " + r.workload()) + " — " + r.target() + " (" + r.mode()
                + (p.nodes() > 1 ? ", " + p.nodes() + " primaries" : "") + ")"
                + (r.interrupted() ? style.yellow("  [interrupted]") : ""));
        out.add(style.dim(shape(p)));
        out.add("");
        out.add(label("Throughput") + Units.count(Math.round(r.throughputRps())) + " req/s · "
                + Units.count(r.requests()) + " requests in " + fmt("%.2f", r.durationSeconds()) + " s"
                + (r.errors() > 0 ? style.red(" · " + Units.count(r.errors()) + " errors") : ""));
        if (r.hitRate() != null || r.hits() + r.misses() > 0) {
            out.add(label("Hit rate") + (r.hitRate() == null ? "n/a" : Units.pct(r.hitRate())) + " of "
                    + Units.count(r.hits() + r.misses()) + " lookups (" + Units.count(r.hits()) + " hits, "
                    + Units.count(r.misses()) + " misses) · " + Units.count(r.writes()) + " writes");
        }
        BenchReport.Server s = r.server();
        if (s != null) {
            out.add(label("Server") + "keyspace hits " + Units.count(s.keyspaceHits()) + " · misses "
                    + Units.count(s.keyspaceMisses()) + (s.hitRate() == null ? "" : " (" + Units.pct(s.hitRate()) + ")")
                    + " · evicted " + Units.count(s.evictedKeys()) + " · expired " + Units.count(s.expiredKeys()));
        }
        if (r.selfEffect() != null) {
            out.add(style.dim("self effect: " + Units.count(r.selfEffect().hits()) + " keyspace hits, "
                    + Units.count(r.selfEffect().misses()) + " misses — bench's GETs only (the pre-check uses MEMORY"
                    + " USAGE, set-up and clean-up are writes); cachectl stats and doctor on this machine subtract them"));
        }
        out.add("");
        Table t = new Table("latency (ms)", "count>", "avg>", "p50>", "p90>", "p99>", "p99.9>", "max>");
        for (Map.Entry<String, BenchReport.Latency> e : r.latencyMs().entrySet()) {
            BenchReport.Latency l = e.getValue();
            t.row(e.getKey(), Units.count(l.count()), ms(l.avg()), ms(l.p50()), ms(l.p90()), ms(l.p99()),
                    ms(l.p999()), ms(l.max()));
        }
        out.addAll(t.render(style, ""));
        if (r.timeline().size() > 1) {
            out.add("");
            out.add(label("req/s") + spark(r.timeline(), BenchReport.Second::rps, 0) + "  "
                    + style.dim("max " + Units.count(Math.round(r.timeline().stream()
                            .mapToDouble(BenchReport.Second::rps).max().orElse(0)))));
            if (r.timeline().stream().anyMatch(x -> x.hitRate() != null)) {
                out.add(label("hit rate") + spark(r.timeline(), x -> x.hitRate() == null ? 0 : x.hitRate(), 1) + "  "
                        + style.dim("0–100 %"));
            }
            out.add(label("p99") + spark(r.timeline(), x -> x.p99Ms() == null ? 0 : x.p99Ms(), 0) + "  "
                    + style.dim("max " + ms(r.timeline().stream()
                            .mapToDouble(x -> x.p99Ms() == null ? 0 : x.p99Ms()).max().orElse(0)) + " ms"));
        }
        out.add("");
        out.add(style.bold("Targets"));
        for (TargetResult tr : r.targets()) {
            String status = style.status(tr.status().label());
            out.add("  " + status + " ".repeat(Math.max(0, 4 - Style.strip(status).length())) + "  "
                    + String.format("%-13s", tr.name()) + " " + tr.reason());
        }
        out.add(style.dim(r.cleanup().kept() ? "bench keys kept under " + p.prefix() + " (--keep)"
                : Units.count(r.cleanup().keysDeleted()) + " bench keys deleted"));
        r.notes().forEach(n -> out.add(style.dim("note: " + n)));
        return out;
    }

    private static String shape(BenchReport.Parameters p) {
        StringBuilder b = new StringBuilder();
        b.append(p.clients()).append(" clients · ").append(p.threads()).append(p.threads() == 1 ? " thread" : " threads")
                .append(" · pipeline ").append(p.pipeline()).append(" · ").append(p.loop()).append(" loop");
        if (p.rateRps() != null) {
            b.append(" at ").append(Units.count(Math.round(p.rateRps()))).append(" ops/s");
        }
        b.append(" · ").append(Units.count(p.keyspace())).append(" keys ")
                .append(p.zipf() == null ? "uniform" : "zipf " + p.zipf())
                .append(" · values ").append(p.valueSizeMin() == p.valueSizeMax() ? p.valueSizeMin() + " B"
                        : p.valueSizeMin() + "–" + p.valueSizeMax() + " B")
                .append(" · TTL ").append(p.ttlMs() > 0 ? Units.seconds(p.ttlMs() / 1000) : "none");
        if (p.backendMs() != null) {
            b.append(" · backend ").append(p.backendMs()).append(" ms");
        }
        if (p.updateRatio() != null && p.updateRatio() > 0) {
            b.append(" · updates ").append(Units.pct(p.updateRatio()));
        }
        if (p.setRatio() != null) {
            b.append(" · SET share ").append(Units.pct(p.setRatio()));
        }
        return b.toString();
    }

    /** A sparkline of at most 60 columns (seconds averaged into buckets when the run was longer). */
    /** {@code scale} > 0: the value drawn as a full bar; else the largest value. */
    static String spark(List<BenchReport.Second> points, ToDoubleFunction<BenchReport.Second> f, double scale) {
        int n = points.size();
        int cols = Math.min(n, SPARK_WIDTH);
        double[] v = new double[cols];
        for (int c = 0; c < cols; c++) {
            int from = c * n / cols;
            int to = Math.max(from + 1, (c + 1) * n / cols);
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += f.applyAsDouble(points.get(i));
            }
            v[c] = sum / (to - from);
        }
        double max = scale;
        for (double x : v) {
            max = scale > 0 ? scale : Math.max(max, x);
        }
        StringBuilder b = new StringBuilder();
        for (double x : v) {
            b.append(max <= 0 ? BARS[0] : BARS[(int) Math.min(BARS.length - 1, Math.round(x / max * (BARS.length - 1)))]);
        }
        return b.toString();
    }

    private String label(String s) {
        return style.cyan(String.format("%-12s", s));
    }

    private static String ms(double v) {
        return fmt(v < 10 ? "%.3f" : v < 100 ? "%.2f" : "%.1f", v);
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
