package io.cachectl.input;

import java.time.Duration;
import java.util.regex.Pattern;

/** Parses durations as people write them: "500ms", "30s", "15m", "24h", "7d", or plain seconds. */
public final class Durations {
    private static final Pattern FORM = Quantity.form("ms|s|m|h|d");

    private Durations() {
    }

    public static Duration parse(String text) {
        Quantity q = Quantity.parse(FORM, text, "s", "duration (use e.g. 500ms, 30s, 15m, 24h, 7d)");
        double ms = q.number().doubleValue() * switch (q.unit()) {
            case "ms" -> 1;
            case "s" -> 1000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        return Duration.ofMillis(Math.round(ms));
    }
}
