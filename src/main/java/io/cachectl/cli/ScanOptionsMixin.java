package io.cachectl.cli;

import io.cachectl.error.CachectlException;
import io.cachectl.scan.Cursors;
import io.cachectl.scan.ScanOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options of the commands that read the whole keyspace through the engine (bigkeys, ttl-audit): the
 * basic scan options plus --match, replicas, sampling, resume and probing.
 */
public final class ScanOptionsMixin {
    @Mixin
    BasicScanOptions basic;

    @Option(names = "--match", paramLabel = "PATTERN", description = "Only keys matching this glob (SCAN MATCH).")
    String match;

    @Option(names = "--replicas", description = "Scan one replica of each primary (READONLY) to spare the primaries.")
    boolean replicas;

    @Option(names = "--sample", paramLabel = "N", description = "Scan only about N keys (shared between nodes);"
            + " totals are extrapolated from DBSIZE and marked as estimates.")
    long sample;

    @Option(names = "--sample-pct", paramLabel = "P", description = "Scan only P %% of each node's keys (estimates).")
    double samplePct;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Resume an interrupted scan: the value printed"
            + " on Ctrl-C or failure (host:port=N,... or N; a scripted scan has one per range: N/N/-/N).")
    String cursor;

    @Option(names = "--memory-samples", paramLabel = "N", description = "MEMORY USAGE SAMPLES (server default 5;"
            + " 0 = exact but slow on huge keys).")
    Integer memorySamples;

    @Option(names = "--no-script", hidden = true, description = "Probe with pipelines even where EVAL is allowed.")
    boolean noScript;

    /** Engine options; probes are chosen by the command's service. */
    public ScanOptions scanOptions() {
        basic.validated();
        if (sample < 0 || samplePct < 0 || samplePct > 100 || memorySamples != null && memorySamples < 0) {
            throw CachectlException.usage("--sample and --memory-samples must not be negative; --sample-pct must be"
                    + " between 0 and 100");
        }
        if (sample > 0 && samplePct > 0) {
            throw CachectlException.usage("use either --sample or --sample-pct, not both");
        }
        if (match != null) {
            try {
                io.cachectl.scan.Patterns.validate(match);
            } catch (CachectlException e) {
                throw CachectlException.usage("--match: " + e.getMessage());
            }
        }
        ScanOptions o = new ScanOptions().match(match).count(basic.count()).type(basic.type()).replicas(replicas)
                .rate(basic.rate()).sampleKeys(sample).samplePct(samplePct).memorySamples(memorySamples)
                .allowScript(!noScript).stopWhen(Interrupts::requested);
        try {
            o.cursors(Cursors.parse(cursor));
        } catch (IllegalArgumentException e) {
            throw CachectlException.usage("--cursor: " + e.getMessage());
        }
        return o;
    }
}
