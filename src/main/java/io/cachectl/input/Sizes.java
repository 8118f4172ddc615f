package io.cachectl.input;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Parses sizes as people write them: "1mb", "1.5MB", "512kb", "512 k", "2g", or plain bytes ("100").
 * Units are 1024-based (k = kb = KiB, m = mb, g = gb), case-insensitive, with optional space; a fraction
 * is rounded to whole bytes. The one size syntax of every option that takes a SIZE.
 */
public final class Sizes {
    private static final Pattern FORM = Quantity.form("b|k|kb|m|mb|g|gb");

    private Sizes() {
    }

    public static long parse(String text) {
        Quantity q = Quantity.parse(FORM, text, "b", "size (use e.g. 1mb, 1.5mb, 512kb, 100)");
        long multiplier = switch (q.unit().charAt(0)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1L;
        };
        BigDecimal bytes = q.number().multiply(BigDecimal.valueOf(multiplier)).setScale(0, RoundingMode.HALF_UP);
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
        return bytes.longValueExact();
    }
}
