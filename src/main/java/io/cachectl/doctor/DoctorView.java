package io.cachectl.doctor;

import io.cachectl.output.Style;
import io.cachectl.slo.TargetResult;
import java.util.ArrayList;
import java.util.List;

/** Human rendering of {@link DoctorReport}: the targets on one line, then each diagnosis. */
public final class DoctorView {
    private final Style style;

    public DoctorView(Style style) {
        this.style = style;
    }

    public List<String> render(DoctorReport r) {
        List<String> out = new ArrayList<>();
        out.add(style.bold("cachectl doctor") + " — " + r.target()
                + (r.reachable() ? " (" + r.mode() + ", " + io.cachectl.connect.Info.product(r.server(), r.version()) + ")" : ""));
        if (r.reachable()) {
            StringBuilder targets = new StringBuilder("targets: ");
            for (TargetResult t : r.targets()) {
                targets.append(t.name()).append(' ').append(style.status(t.status().label()))
                        .append(t.value() == null ? "" : " " + value(t)).append("  ");
            }
            out.add(targets.toString().stripTrailing());
            if (r.window() != null) {
                out.add(style.dim("window: " + ("interval".equals(r.window().kind())
                        ? "the last " + io.cachectl.output.Units.decimal(r.window().seconds(), 1) + " s"
                        : "counters since start-up" + (r.windowLookups() != null ? " (measured window was quiet: "
                                + r.windowLookups() + " lookups)" : ""))
                        + (r.subtracted() != null && r.subtracted().lookups() > 0 ? "; cachectl's own "
                                + r.subtracted() + " subtracted" : "")
                        + (r.selfEffect() != null ? "; this run's survey made " + r.selfEffect() : "")));
            }
        }
        if (r.healthy()) {
            out.add("");
            out.add(style.green("healthy") + ": every target passes and no rule of the guide fires");
        }
        for (Diagnosis d : r.diagnoses()) {
            out.add("");
            out.add(style.status(d.severity().label()) + "  " + style.bold(d.rule()) + ": " + d.summary());
            d.evidence().forEach(e -> out.add("      " + style.dim("evidence:") + " " + e));
            d.next().forEach(n -> out.add("      " + style.cyan("next:") + "     " + n));
        }
        if (!r.notes().isEmpty()) {
            out.add("");
            r.notes().forEach(n -> out.add(style.dim("note: " + n)));
        }
        return out;
    }

    /** "27.9 %", "0.12 ms": the value the verdict is about. */
    private static String value(TargetResult t) {
        return "ms".equals(t.unit()) ? io.cachectl.output.Units.decimal(t.value(), 2) + " ms"
                : io.cachectl.output.Units.decimal(t.value(), 1) + " %";
    }
}
