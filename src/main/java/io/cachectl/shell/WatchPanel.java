package io.cachectl.shell;

import io.cachectl.output.Style;
import io.cachectl.output.Units;
import io.cachectl.stats.NodeStats;
import io.cachectl.stats.StatsReport;
import io.cachectl.slo.Status;
import io.cachectl.slo.TargetResult;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * The full-screen {@code watch} panel: one row per figure (memory vs max, hit rate, ops/s,
 * evictions/s, clients, latency), each coloured by its target's status, with a sparkline of the
 * last samples. Pure rendering: the caller samples and draws.
 */
public final class WatchPanel {
    static final String BARS = "▁▂▃▄▅▆▇█";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final int keep;
    private final Deque<double[]> history = new ArrayDeque<>();

    /** Keeps the last {@code keep} samples for the sparklines. */
    private boolean memoryIsPct;

    public WatchPanel(int keep) {
        this.keep = keep;
    }

    /** Adds {@code r} to the history and renders the panel {@code width} columns wide. */
    public List<String> update(StatsReport r, String every, int width, Style style) {
        NodeStats t = r.total();
        double secs = Math.max(r.window().seconds(), 1e-9);
        double evictPerSec = "interval".equals(r.window().kind()) ? t.evictions().evictedKeys() / secs : 0;
        memoryIsPct = t.memory().usedPctOfMax() != null;
        double[] sample = {
            t.memory().usedPctOfMax() == null ? t.memory().usedBytes() : t.memory().usedPctOfMax(),
            t.traffic().hitRatePct() == null ? Double.NaN : t.traffic().hitRatePct(),
            t.traffic().opsPerSec(), evictPerSec, t.traffic().connectedClients(), t.latency().avgMs()};
        history.addLast(sample);
        while (history.size() > keep) {
            history.removeFirst();
        }
        List<String> out = new ArrayList<>();
        out.add(style.bold("cachectl watch") + " — " + r.target() + " (" + r.mode() + ", " + io.cachectl.connect.Info.product(r.server(), r.version()) + ")");
        out.add(style.dim("every " + every + " · " + LocalTime.now().format(CLOCK) + " · q or Ctrl-C to leave"));
        out.add("");
        int spark = Math.max(8, Math.min(keep, width - 52));
        NodeStats.Memory m = t.memory();
        out.add(row(style, "memory", m.maxmemoryBytes() > 0
                ? Units.bytes(m.usedBytes()) + " / " + Units.bytes(m.maxmemoryBytes()) + "  "
                        + Units.decimal(m.usedPctOfMax(), 1) + " %"
                : Units.bytes(m.usedBytes()) + " (no maxmemory)", status(r, "memory"), 0, spark));
        out.add(row(style, "hit rate", t.traffic().hitRate() == null ? "n/a (no lookups)"
                : Units.pct(t.traffic().hitRate()), status(r, "hit_rate"), 1, spark));
        out.add(row(style, "ops/s", Units.count(Math.round(t.traffic().opsPerSec())), null, 2, spark));
        out.add(row(style, "evictions/s", Units.decimal(evictPerSec, 1) + (t.evictions().evictionRatePct() == null
                ? "" : "  (" + Units.decimal(t.evictions().evictionRatePct(), 2) + " % of lookups)"),
                status(r, "eviction_rate"), 3, spark));
        out.add(row(style, "clients", Units.count(t.traffic().connectedClients()), null, 4, spark));
        out.add(row(style, "latency", "avg " + Units.ms(t.latency().avgMs()) + "  p99 " + Units.ms(t.latency().p99Ms()),
                status(r, "latency"), 5, spark));
        out.add("");
        for (TargetResult tr : r.targets()) {
            if (tr.status() == Status.FAIL || tr.status() == Status.WARN) {
                out.add(style.status(tr.status().label()) + " " + tr.name() + ": " + tr.reason());
            }
        }
        return out;
    }

    private String row(Style style, String label, String value, TargetResult target, int series, int sparkWidth) {
        String word = target == null ? "" : target.status().label();
        String v = String.format(Locale.ROOT, "%-32s", value);
        String painted = target == null ? v : paint(style, target.status(), v);
        return String.format(Locale.ROOT, "%-12s ", label) + painted + " "
                + (word.isEmpty() ? "    " : style.status(word) + " ".repeat(Math.max(0, 4 - word.length())))
                + "  " + (target == null ? style.cyan(sparkline(series, sparkWidth))
                        : paint(style, target.status(), sparkline(series, sparkWidth)));
    }

    private static String paint(Style style, Status s, String text) {
        return switch (s) {
            case FAIL -> style.red(text);
            case WARN -> style.yellow(text);
            case PASS -> style.green(text);
            default -> text;
        };
    }

    private static TargetResult status(StatsReport r, String name) {
        return r.targets().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * The last {@code width} values of one series as ▁▂▃▄▅▆▇█, from zero: memory and hit rate up to
     * 100 % (memory is drawn as a share of maxmemory when there is one), the others up to their largest
     * value. A flat line stays where it is instead of dropping to the floor.
     */
    String sparkline(int series, int width) {
        List<Double> values = new ArrayList<>();
        history.forEach(s -> values.add(s[series]));
        List<Double> tail = values.subList(Math.max(0, values.size() - width), values.size());
        boolean percent = series == 1 || series == 0 && memoryIsPct;
        return sparkline(tail, percent ? 100.0 : Double.NaN);
    }

    static String sparkline(List<Double> values) {
        return sparkline(values, Double.NaN);
    }

    /** {@code top}: the value of a full bar; NaN for the largest value in {@code values}. */
    static String sparkline(List<Double> values, double top) {
        double max = Double.isNaN(top)
                ? values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).max().orElse(0) : top;
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            if (Double.isNaN(v)) {
                sb.append(' '); // no lookups in that window
                continue;
            }
            int idx = max < 1e-9 ? 0 : (int) Math.round(Math.min(1.0, Math.max(0, v / max)) * (BARS.length() - 1));
            sb.append(BARS.charAt(idx));
        }
        return sb.toString();
    }
}
