package io.cachectl.stats;

import io.cachectl.error.CachectlException;

/** What stats prints: a table, JSON, or one of the metrics formats; chosen from --format and --json. */
public enum StatsFormat {
    TEXT, JSON, PROMETHEUS, OPENMETRICS;

    /** {@code format} (null = not given) with {@code json}; exit 2 on an unknown or contradicting choice. */
    public static StatsFormat of(String format, boolean json) {
        if (format == null || format.equals("text") || format.equals("json")) {
            if ("text".equals(format) && json) {
                throw CachectlException.usage("--format text and --json contradict each other");
            }
            return json || "json".equals(format) ? JSON : TEXT;
        }
        StatsFormat f = switch (format) {
            case "prometheus" -> PROMETHEUS;
            case "openmetrics" -> OPENMETRICS;
            default -> throw CachectlException.usage("--format " + format
                    + ": expected text, json, prometheus or openmetrics");
        };
        if (json) {
            throw CachectlException.usage("choose --json or --format " + format + ", not both");
        }
        return f;
    }

    /** The metrics format, or null for text and JSON. */
    public StatsMetrics.Format metrics() {
        return switch (this) {
            case PROMETHEUS -> StatsMetrics.Format.PROMETHEUS;
            case OPENMETRICS -> StatsMetrics.Format.OPENMETRICS;
            default -> null;
        };
    }
}
