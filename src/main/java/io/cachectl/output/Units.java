package io.cachectl.output;

import java.time.Duration;
import java.util.Locale;

/** Human units: bytes (1024-based, like Redis' *_human fields), percentages, durations, counts. */
public final class Units {
    private static final String[] BYTE_UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

    private Units() {
    }

    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = 0;
        while (v >= 1024 && unit < BYTE_UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, BYTE_UNITS[unit]);
    }

    /** A percentage from a fraction: 0.345 → "34.5 %". */
    public static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String decimal(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    public static String ms(double ms) {
        return String.format(Locale.ROOT, ms < 10 ? "%.2f ms" : "%.1f ms", ms);
    }

    /** "2h 30m", "3d 4h", "45s", "0s". */
    public static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        long days = s / 86400;
        long hours = s % 86400 / 3600;
        long minutes = s % 3600 / 60;
        if (days > 0) {
            return hours > 0 ? days + "d " + hours + "h" : days + "d";
        }
        if (hours > 0) {
            return minutes > 0 ? hours + "h " + minutes + "m" : hours + "h";
        }
        long secs = s % 60;
        return secs > 0 ? minutes + "m " + secs + "s" : minutes + "m";
    }

    public static String seconds(long seconds) {
        return duration(Duration.ofSeconds(seconds));
    }
}
