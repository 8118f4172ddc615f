package io.cachectl.ttl;

import io.cachectl.effect.SelfEffectView;
import io.cachectl.output.Fit;
import io.cachectl.output.Style;
import io.cachectl.output.Table;
import io.cachectl.output.Units;
import io.cachectl.scan.ScanView;
import io.cachectl.ttl.TtlReport.ClassRow;
import io.cachectl.ttl.TtlReport.NamespaceRow;
import io.cachectl.ttl.TtlReport.Violation;
import java.util.ArrayList;
import java.util.List;

/** Human form of a {@link TtlReport}. */
public final class TtlView {
    private static final int BAR = 26;
    private static final String[] SHORT = {"≤5m", "≤30m", "≤24h", "≤7d", ">7d", "none"};
    private final Style style;

    public TtlView(Style style) {
        this.style = style;
    }

    public List<String> render(TtlReport r) {
        List<String> out = new ArrayList<>();
        String est = r.estimated() ? " (estimated)" : "";
        out.add(style.bold("ttl-audit") + "  " + r.target() + "  " + r.mode());
        out.add(ScanView.headline(r.scan()));
        out.add("");
        String noTtl = Units.count(r.noTtl().keys()) + " keys without TTL (" + r.noTtl().pctKeys() + " % of keys"
                + (r.noTtl().bytes() == null ? "" : ", " + Units.bytes(r.noTtl().bytes()) + ", "
                        + r.noTtl().pctBytes() + " % of memory") + ")" + est;
        out.add(r.noTtl().keys() == 0 ? style.green(noTtl) : style.yellow(noTtl));
        if (!r.noTtl().examples().isEmpty()) {
            out.add(style.dim(Fit.truncate("  e.g. " + String.join(", ", r.noTtl().examples()), 80)));
        }
        out.add("");
        out.add(style.bold("TTL classes") + est);
        long max = r.classes().stream().mapToLong(ClassRow::keys).max().orElse(1);
        for (ClassRow c : r.classes()) {
            int len = (int) Math.round((double) c.keys() / Math.max(1, max) * BAR);
            String bar = "█".repeat(len) + (len == 0 && c.keys() > 0 ? "▏" : "");
            out.add(String.format("  %-30s %s%s %s keys%s", c.label(),
                    c.id().equals("none") ? style.yellow(bar) : style.cyan(bar), " ".repeat(BAR - len + 1),
                    Units.count(c.keys()), c.bytes() == null ? "" : ", " + Units.bytes(c.bytes())));
        }
        out.add("");
        out.add(style.bold("Namespaces") + est + style.dim("  (keys per TTL class: ≤5m ≤30m ≤24h ≤7d >7d none)"));
        // no "no TTL" count column: it is the "none" class column; the table fits 80 columns
        List<String> headers = new ArrayList<>(List.of("namespace", "keys>", "no TTL %>", "no-TTL mem>"));
        for (String s : SHORT) {
            headers.add(s + ">");
        }
        Table t = new Table(headers.toArray(String[]::new));
        for (NamespaceRow n : r.namespaces()) {
            List<String> row = new ArrayList<>(List.of(n.namespace(), Units.count(n.keys()),
                    n.noTtlPct() + " %", n.noTtlBytes() == null ? "-" : Units.bytes(n.noTtlBytes())));
            n.classes().values().forEach(v -> row.add(Units.count(v)));
            t.row(row.toArray(String[]::new));
        }
        out.addAll(t.render(style, "  "));
        out.add("");
        out.add(style.bold("Policy") + ": " + r.policy());
        if (r.violations().isEmpty()) {
            out.add(style.green("  no violations"));
        } else {
            for (Violation v : r.violations()) {
                out.add("  " + style.red(Units.count(v.keys()) + " keys") + " break " + v.rule()
                        + style.dim("  (" + reasons(v.reasons()) + ")"));
                out.add(style.dim(Fit.truncate("    e.g. " + String.join(", ", v.examples()), 80)));
            }
        }
        List<String> footer = new ArrayList<>(ScanView.footer(r.scan(), style));
        footer.add(SelfEffectView.line(r.selfEffect(), "one PTTL per key read; MEMORY USAGE counts none",
                r.scan().noTouch(), style));
        out.add("");
        out.addAll(footer);
        return out;
    }

    /** {no_ttl=2, too_long=1} as "2 without TTL, 1 with too long a TTL"; other reasons as their words. */
    static String reasons(java.util.Map<String, Long> reasons) {
        List<String> parts = new ArrayList<>();
        for (String k : List.of("no_ttl", "too_long")) {
            Long n = reasons.get(k);
            if (n != null && n > 0) {
                parts.add(Units.count(n) + (k.equals("no_ttl") ? " without TTL" : " with too long a TTL"));
            }
        }
        reasons.forEach((k, n) -> {
            if (!List.of("no_ttl", "too_long").contains(k)) {
                parts.add(Units.count(n) + " " + k.replace('_', ' '));
            }
        });
        return String.join(", ", parts);
    }
}
