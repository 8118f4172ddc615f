package io.cachectl.cli;

import io.cachectl.input.DurationConverter;

import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.Target;
import io.cachectl.effect.Ledger;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.error.ExitCode;
import io.cachectl.doctor.Doctor;
import io.cachectl.doctor.DoctorReport;
import io.cachectl.doctor.DoctorView;
import io.cachectl.doctor.KeyspaceEvidence;
import io.cachectl.doctor.SampledKeyspace;
import io.cachectl.slo.Status;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Diagnose the cache with the guide's troubleshooting rules: evidence and the next command to run.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  cachectl doctor                       targets, diagnoses, evidence, next steps",
            "  cachectl doctor --interval 10         judge the traffic of the next 10 s",
            "  cachectl doctor --json --check | jq .diagnoses   CI: exit 1 on a FAIL diagnosis",
            "",
            "Exit 3 when the server cannot be reached (the diagnosis says what was tried)."})
public final class DoctorCommand implements Callable<Integer> {
    private final Context context;

    @Mixin
    ConnectionOptions connection;

    @Mixin(name = "output")
    OutputOptions output;

    @Mixin
    TargetOptions targets;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Watch the traffic this long before judging hit rate and evictions; 0 judges counters"
                    + " since start-up (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "20000",
            description = "Keys read by the one sampled scan behind the memory, hit-rate and"
                    + " big-key evidence; 0 skips it (default: ${DEFAULT-VALUE}).")
    long sample;

    @Option(names = "--check", description = "Exit 1 when any diagnosis is FAIL (for CI).")
    boolean check;

    public DoctorCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Console console = context.console();
        ConnectionSettings settings = connection.settings(console.env());
        DoctorReport report;
        int code;
        Ledger ledger = Ledger.open(console.env());
        try (Target target = context.connect(connection)) {
            KeyspaceEvidence evidence = sample > 0 ? new SampledKeyspace(sample, ledger) : KeyspaceEvidence.NONE;
            report = new Doctor(target, targets.thresholds(connection.namedTarget()), evidence, ledger).run(interval);
            code = check && report.diagnoses().stream().anyMatch(d -> d.severity() == Status.FAIL)
                    ? ExitCode.CHECK_FAILED : ExitCode.OK;
        } catch (CachectlException e) {
            if (e.exitCode() != ExitCode.UNAVAILABLE) {
                throw e;
            }
            report = Doctor.unreachable(settings, e);
            code = ExitCode.UNAVAILABLE;
        } finally {
            ledger.close();
        }
        if (output.json()) {
            console.json(report);
        } else {
            new DoctorView(console.style()).render(report).forEach(console::printFit);
        }
        return code;
    }
}
