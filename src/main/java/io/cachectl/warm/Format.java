package io.cachectl.warm;

import java.util.Locale;

/** Input formats: JSON Lines ({@code {"key":…,"value":…}} per line) or CSV with a header. */
public enum Format {
    JSONL, CSV;

    /** The {@code --format} value: jsonl (json, ndjson) or csv; null = guess from the name. Exit 2 otherwise. */
    public static Format parse(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "jsonl", "json", "ndjson" -> JSONL;
            case "csv" -> CSV;
            default -> throw io.cachectl.error.CachectlException.usage("--format must be jsonl or csv, not '" + name + "'");
        };
    }

    /** From the file name: {@code *.csv} / {@code *.csv.gz} are CSV, everything else (and stdin) JSON Lines. */
    public static Format guess(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        if (f.endsWith(".gz")) {
            f = f.substring(0, f.length() - 3);
        }
        return f.endsWith(".csv") ? CSV : JSONL;
    }
}
