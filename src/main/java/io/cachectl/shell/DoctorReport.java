package io.cachectl.shell;

import io.cachectl.stats.StatsReport;
import io.cachectl.targets.TargetResult;
import java.util.List;

/**
 * Result of {@code doctor}: {@code healthy} when there is no diagnosis; {@code window} tells which
 * counters the traffic rules used; {@code keyspace} is the survey when one was available.
 */
public record DoctorReport(
        String target,
        boolean reachable,
        String mode,
        String version,
        StatsReport.Window window,
        boolean healthy,
        List<TargetResult> targets,
        List<Diagnosis> diagnoses,
        KeyspaceEvidence.Survey keyspace,
        List<String> notes) {
}
