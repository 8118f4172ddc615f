package io.cachectl.doctor;

import io.cachectl.effect.SelfEffect;
import io.cachectl.stats.StatsReport;
import io.cachectl.slo.TargetResult;
import java.util.List;

/**
 * Result of {@code doctor}: {@code healthy} when there is no diagnosis; {@code window} tells which
 * counters the traffic rules used ({@code interval}, or {@code lifetime} when the measured window was
 * quiet or {@code --interval 0}); {@code windowLookups} the lookups counted in the measured window
 * (null with {@code --interval 0}); {@code keyspace} is the survey when one ran; {@code selfEffect}
 * the lookups doctor itself made (its survey, after the window); {@code subtracted} cachectl's own
 * earlier lookups taken out of the judged counters (self-effect ledger).
 */
public record DoctorReport(
        String target,
        boolean reachable,
        String mode,
        String version,
        String server,
        StatsReport.Window window,
        Long windowLookups,
        boolean healthy,
        List<TargetResult> targets,
        List<Diagnosis> diagnoses,
        KeyspaceEvidence.Survey keyspace,
        SelfEffect selfEffect,
        SelfEffect subtracted,
        List<String> notes) {
}
