package io.cachectl.cli;

import io.cachectl.input.DurationConverter;
import io.cachectl.input.SizeConverter;

import io.cachectl.connect.Target;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.error.ExitCode;
import io.cachectl.output.Progress;
import io.cachectl.output.Units;
import io.cachectl.warm.Format;
import io.cachectl.warm.WarmResult;
import io.cachectl.warm.StopSignal;
import io.cachectl.warm.WarmService;
import io.cachectl.warm.WarmSettings;
import io.cachectl.warm.WarmView;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "warm", mixinStandardHelpOptions = true,
        description = "Pre-warm the cache from a JSON Lines or CSV file: validated first, pipelined, cluster-aware.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  cachectl warm popular.jsonl --yes            validate, then write (SET … EX) every record",
            "  cachectl warm popular.jsonl --dry-run        validate only",
            "  cachectl warm keys.csv.gz --ttl 1h --nx      only add missing keys; default TTL 1 h",
            "  zcat dump.jsonl.gz | cachectl warm - --yes   from standard input",
            "  cachectl warm big.jsonl --yes --skip-invalid write the good records, bad lines to big.rejects.jsonl",
            "  cachectl warm big.jsonl --yes --resume-from 812001   continue after a failure (exit 4)",
            "",
            "JSON Lines: {\"key\": \"user:1\", \"value\": {…any JSON…}, \"ttl\": 3600, \"type\": \"string|hash|set|list|zset\"}",
            "CSV: a header naming key,value[,ttl]; values are stored as the cell's text."})
public final class WarmCommand implements Callable<Integer> {
    private final Context context;

    @Mixin
    ConnectionOptions connection;

    @Mixin(name = "output")
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "FILE", description = "JSON Lines or CSV file (.gz read transparently), or - for stdin.")
    String file;

    @Option(names = "--format", paramLabel = "jsonl|csv", completionCandidates = Formats.class, description = "Input format (default: from the name; *.csv[.gz] is CSV, else JSON Lines).")
    String format;

    @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "TTL for records without one (e.g. 15m, 24h, 3600).")
    Duration ttl;

    @Option(names = "--allow-no-ttl", description = "Write records without any TTL as keys that never expire (the guide wants every key to expire).")
    boolean allowNoTtl;

    @Option(names = "--nx", description = "Only add keys that do not exist yet (SET NX); never overwrites, needs no --yes.")
    boolean nx;

    @Option(names = "--raw-strings", description = "Store JSON string values without their quotes (plain text) instead of as JSON text.")
    boolean rawStrings;

    @Option(names = {"-y", "--yes"}, description = "Do not ask before overwriting existing keys (required off a terminal unless --nx or --dry-run).")
    boolean yes;

    @Option(names = "--dry-run", description = "Validate the file only; connect to nothing, write nothing.")
    boolean dryRun;

    @Option(names = "--skip-invalid", description = "Write the good records and put the bad lines in the rejects file instead of refusing the file.")
    boolean skipInvalid;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Rejects file for --skip-invalid (default: NAME.rejects.EXT next to the input).")
    String rejects;

    @Option(names = "--max-value-size", paramLabel = "SIZE", defaultValue = "1mb", converter = SizeConverter.class,
            description = "Reject values larger than this (default: ${DEFAULT-VALUE}, the guide's limit).")
    long maxValueSize;

    @Option(names = "--resume-from", paramLabel = "LINE", defaultValue = "1", description = "Write only records from this line on (after a failure).")
    long resumeFrom;

    @Option(names = "--pipeline", paramLabel = "N", defaultValue = "2000", description = "Commands per chunk written and acknowledged together; a chunk also ends at 512 KB (default: ${DEFAULT-VALUE}).")
    int pipeline;

    @Option(names = "--max-errors", paramLabel = "N", defaultValue = "20", description = "Bad records listed (the rest are counted; default: ${DEFAULT-VALUE}).")
    int maxErrors;

    public WarmCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Console console = context.console();
        checkOptions();
        Confirmation gate = Confirmation.of(console, yes, dryRun).unlessHarmless(nx)
                .stdinHolds(file.equals("-"), "the records")
                .requireAnswerable(why -> "warm overwrites existing keys: pass --yes to confirm"
                        + " (or --nx to only add missing keys, --dry-run to validate only)");
        WarmSettings settings = new WarmSettings(file, Format.parse(format), nx, ttl == null ? 0 : ttl.toSeconds(), allowNoTtl,
                rawStrings, skipInvalid, rejects, maxValueSize, dryRun, resumeFrom, pipeline, maxErrors,
                !output.json());
        WarmView view = new WarmView(console.style(), console.errStyle());
        try (WarmService service = new WarmService(settings, console.stdin(),
                (task, total) -> Progress.start(console, settings.progress(), task, total, "B"),
                new StopSignal(Interrupts::requested, Interrupts::beforeHalt, Interrupts::removeBeforeHalt));
             Target target = service.validateWhileConnecting(dryRun ? null : () -> context.connect(connection))) {
            WarmService.Check check = service.checked();
            WarmResult result;
            if (dryRun || check.bad() > 0 && !skipInvalid) {
                result = service.notWritten(target == null ? null : target.masked(),
                        target == null ? null : target.mode().name().toLowerCase(Locale.ROOT));
            } else {
                if (!gate.granted("Write " + Units.count(check.valid()) + " records to "
                        + target.masked() + "? Existing keys are overwritten.")) {
                    throw CachectlException.usage("aborted: nothing was written");
                }
                result = service.write(target);
            }
            return render(console, view, result);
        }
    }

    /** One message per option, naming it (a combined message did not say which one was wrong). */
    private void checkOptions() {
        if (pipeline < 1 || pipeline > 100_000) {
            throw CachectlException.usage("--pipeline must be 1 to 100000 (got " + pipeline + ")");
        }
        if (maxErrors < 0) {
            throw CachectlException.usage("--max-errors must not be negative (got " + maxErrors + ")");
        }
        if (resumeFrom < 1) {
            throw CachectlException.usage("--resume-from must be a line number from 1 (got " + resumeFrom + ")");
        }
        if (maxValueSize < 1 || maxValueSize > WarmSettings.MAX_BULK_BYTES) {
            throw CachectlException.usage("--max-value-size must be 1 byte to 512mb (got " + Units.bytes(maxValueSize)
                    + "): Redis refuses larger values (proto-max-bulk-len)");
        }
        if (ttl != null && (ttl.toSeconds() < 1 || ttl.toSeconds() > WarmSettings.MAX_TTL_SECONDS)) {
            throw CachectlException.usage("--ttl must be 1s to 100 years (got " + Units.duration(ttl) + ")");
        }
    }

    private int render(Console console, WarmView view, WarmResult result) {
        view.errors(result).forEach(line -> console.err().println(line));
        console.err().flush();
        if (output.json()) {
            console.json(result);
        } else {
            view.summary(result).forEach(console::printFit);
        }
        int code = WarmService.exitCode(result);
        if (code == ExitCode.USAGE) {
            console.error(result.file() + ": " + Units.count(result.errorsTotal()) + " bad record"
                    + (result.errorsTotal() == 1 ? "" : "s") + ": nothing was written"
                    + (dryRun ? "" : " (fix them, or --skip-invalid to write the good records)"));
        } else if (result.failure() != null) {
            console.error(result.failure() + (result.resumeLine() == null ? ""
                    : "; continue with --resume-from " + result.resumeLine()));
        }
        return code;
    }

    /** Input formats, for completion. */
    static final class Formats extends java.util.ArrayList<String> {
        Formats() {
            super(java.util.List.of("jsonl", "csv"));
        }
    }
}
