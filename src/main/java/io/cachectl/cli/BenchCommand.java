package io.cachectl.cli;

import io.cachectl.input.DurationConverter;

import io.cachectl.bench.BenchProgress;
import io.cachectl.bench.BenchReport;
import io.cachectl.bench.BenchService;
import io.cachectl.bench.BenchView;
import io.cachectl.bench.Workload;
import io.cachectl.connect.Target;
import io.cachectl.effect.Ledger;
import io.cachectl.effect.Recorder;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.error.ExitCode;
import io.cachectl.output.Progress;
import io.cachectl.slo.Verdicts;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Latency (HdrHistogram), throughput and achieved hit rate under a cache-like workload:"
                + " get, set, mixed, cache-aside, write-through.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  cachectl bench get -c 50 -P 16 -n 1000000 --uniform    like redis-benchmark -t get -P 16",
            "  cachectl bench cache-aside --duration 30s --ttl 5m      hit rate a cache-aside app would get",
            "  cachectl bench cache-aside --rps 5000 --duration 1m     open loop: latency from intended send time",
            "  cachectl bench write-through --update-ratio 0.2 --json | jq .latency_ms",
            "  cachectl bench mixed --ratio 1:4 --check                 exit 1 when a target FAILs"})
public final class BenchCommand implements Callable<Integer> {
    private final Context context;

    @Parameters(index = "0", paramLabel = "WORKLOAD", converter = WorkloadConverter.class,
            completionCandidates = WorkloadConverter.Names.class,
            description = "get | set | mixed | cache-aside | write-through")
    Workload workload;

    @Option(names = {"-c", "--clients"}, paramLabel = "N", defaultValue = "50", description = "Connections (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--threads", paramLabel = "N", description = "Load threads, each driving several connections (default: cores/2).")
    int threads;

    @Option(names = {"-P", "--pipeline"}, paramLabel = "N", defaultValue = "1", description = "Requests in flight per connection (default: ${DEFAULT-VALUE}).")
    int pipeline;

    @Option(names = {"-n", "--requests"}, paramLabel = "N", description = "Operations to run (default 100000 unless --duration).")
    Long requests;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class, description = "Run this long instead of -n (e.g. 30s).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "0s", description = "Unmeasured load first (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--rps", paramLabel = "RPS", description = "Open loop at this many requests/s; latency is corrected for coordinated omission.")
    double rate;

    @Option(names = {"-r", "--keyspace"}, paramLabel = "N", defaultValue = "100000", description = "Distinct keys (default: ${DEFAULT-VALUE}).")
    int keyspace;

    @Option(names = "--zipf", paramLabel = "S", defaultValue = "0.99", description = "Zipf exponent of key popularity (default: ${DEFAULT-VALUE}).")
    double zipf;

    @Option(names = "--uniform", description = "Uniform key popularity instead of Zipf (as redis-benchmark -r).")
    boolean uniform;

    @Option(names = {"-d", "--value-size"}, paramLabel = "BYTES|MIN-MAX", defaultValue = "100", description = "Value size, fixed or a range (default: ${DEFAULT-VALUE}).")
    String valueSize;

    @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "15m", description = "TTL of every SET; 0 = none (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--backend-ms", paramLabel = "MS", defaultValue = "20", description = "cache-aside/write-through: simulated backend fetch on a miss (default: ${DEFAULT-VALUE}).")
    long backendMs;

    @Option(names = "--update-ratio", paramLabel = "FRACTION", description = "Fraction of operations that update: cache-aside invalidates (UNLINK), write-through SETs (default 0 / 0.1).")
    Double updateRatio;

    @Option(names = "--ratio", paramLabel = "SET:GET", defaultValue = "1:10", description = "mixed: SET to GET ratio (default: ${DEFAULT-VALUE}).")
    String ratio;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "cachectl:bench:", description = "Key prefix (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--reuse", description = "Run even if bench keys already exist under the prefix (they are overwritten, then deleted).")
    boolean reuse;

    @Option(names = "--keep", description = "Leave the bench keys in place at the end.")
    boolean keep;

    @Option(names = "--no-preload", negatable = false, description = "get/mixed: do not SET the keyspace first.")
    boolean noPreload;

    @Option(names = {"-y", "--yes"}, description = "Run against a non-loopback server without asking.")
    boolean yes;

    @Option(names = "--check", description = "Exit 1 when any target FAILs (for CI).")
    boolean check;

    @Mixin
    ConnectionOptions connection;

    @Mixin(name = "output")
    OutputOptions output;

    @Mixin
    TargetOptions targets;

    public BenchCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Console console = context.console();
        BenchSpecs.Parsed parsed = BenchSpecs.parse(this);
        targets.thresholds(); // exit 2 before connecting (a named target's own are applied once resolved)
        try (Ledger ledger = Ledger.open(console.env()); Target target = context.connect(connection)) {
            BenchService service = new BenchService(target, parsed.spec(), targets.thresholds(connection.namedTarget()),
                    Recorder.of(ledger, target));
            if (!service.loopback()) {
                console.warn("bench writes and deletes keys under '" + prefix + "' on " + target.masked()
                        + ", which is NOT on this machine, and loads it heavily");
                if (!Confirmation.of(console, yes, false).granted("Run the benchmark against " + target.masked() + "?")) {
                    throw CachectlException.usage("not confirmed: pass --yes to bench a non-loopback server");
                }
            }
            BenchReport report;
            try (Progress progress = Progress.start(console, !output.json(), "bench " + workload.label(),
                    parsed.spec().requests() > 0 && !workload.name().contains("_") ? parsed.spec().requests() : -1, "req")) {
                report = service.run(new BenchProgress(progress), Interrupts::requested);
            }
            if (output.json()) {
                console.json(report);
            } else {
                new BenchView(console.style()).render(report).forEach(console::printFit);
            }
            if (report.interrupted()) {
                return ExitCode.INTERRUPTED;
            }
            if (check && Verdicts.anyFailed(report.targets())) {
                CheckFailure.print(console, CheckFailure.targets(report.targets()));
                return ExitCode.CHECK_FAILED;
            }
            return ExitCode.OK;
        }
    }
}
