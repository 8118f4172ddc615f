package io.cachectl.cli;

import io.cachectl.output.CachectlException;
import io.cachectl.scan.Cursors;
import io.cachectl.scan.Namespaces;
import io.cachectl.scan.ScanOptions;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of every command built on the keyspace engine (bigkeys, ttl-audit). */
public final class ScanOptionsMixin {
    @Option(names = "--match", paramLabel = "PATTERN", description = "Only keys matching this glob (SCAN MATCH).")
    String match;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1000",
            description = "SCAN COUNT hint per call (default: ${DEFAULT-VALUE}); with server-side probing the batch"
                    + " adapts below it to keep each call near 2 ms.")
    int count;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only keys of this type (string, hash, list, set,"
            + " zset, stream).")
    String type;

    @Option(names = "--replicas", description = "Scan one replica of each primary (READONLY) to spare the primaries.")
    boolean replicas;

    @Option(names = "--rate", paramLabel = "KEYS_PER_SEC", description = "Throttle: at most this many keys per"
            + " second in total.")
    long rate;

    @Option(names = "--sample", paramLabel = "N", description = "Scan only about N keys (shared between nodes);"
            + " totals are extrapolated from DBSIZE and marked as estimates.")
    long sample;

    @Option(names = "--sample-pct", paramLabel = "P", description = "Scan only P %% of each node's keys (estimates).")
    double samplePct;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Resume an interrupted scan: the value printed"
            + " on Ctrl-C or failure (host:port=N,... or N).")
    String cursor;

    @Option(names = "--delimiters", paramLabel = "CHARS", split = ",", defaultValue = ":",
            description = "Namespace delimiter characters (default '${DEFAULT-VALUE}'; e.g. ':/|' or repeat the option).")
    List<String> delimiters;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "2",
            description = "Namespace depth: prefix segments kept (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--collapse-ids", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Treat id-like segments (digits, UUIDs, long hex) as '*' in namespaces (default: on).")
    boolean collapseIds;

    @Option(names = "--memory-samples", paramLabel = "N", description = "MEMORY USAGE SAMPLES (server default 5;"
            + " 0 = exact but slow on huge keys).")
    Integer memorySamples;

    @Option(names = "--no-script", hidden = true, description = "Probe with pipelines even where EVAL is allowed.")
    boolean noScript;

    /** Engine options; probes are chosen by the command's service. */
    public ScanOptions scanOptions() {
        if (count < 1 || rate < 0 || sample < 0 || samplePct < 0 || samplePct > 100 || depth < 1
                || memorySamples != null && memorySamples < 0) {
            throw CachectlException.usage("--count and --depth must be positive; --rate, --sample, --memory-samples"
                    + " not negative; --sample-pct between 0 and 100");
        }
        if (sample > 0 && samplePct > 0) {
            throw CachectlException.usage("use either --sample or --sample-pct, not both");
        }
        ScanOptions o = new ScanOptions().match(match).count(count).type(type).replicas(replicas).rate(rate)
                .sampleKeys(sample).samplePct(samplePct).memorySamples(memorySamples).allowScript(!noScript)
                .stopWhen(Interrupts::requested);
        try {
            o.cursors(Cursors.parse(cursor));
        } catch (IllegalArgumentException e) {
            throw CachectlException.usage("--cursor: " + e.getMessage());
        }
        return o;
    }

    public Namespaces namespaces() {
        String chars = String.join("", delimiters);
        if (chars.isEmpty()) {
            throw CachectlException.usage("--delimiters needs at least one character");
        }
        return new Namespaces(chars, depth, collapseIds);
    }
}
