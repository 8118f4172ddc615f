package io.cachectl.input;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses sizes as people write them: "1mb", "1.5MB", "512kb", "512 k", "2g", or plain bytes ("100").
 * Units are 1024-based (k = kb = KiB, m = mb, g = gb), case-insensitive, with optional space; a fraction
 * is rounded to whole bytes. The one size syntax of every option that takes a SIZE.
 */
public final class Sizes {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|k|kb|m|mb|g|gb)?");

    private Sizes() {
    }

    public static long parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (use e.g. 1mb, 1.5mb, 512kb, 100)");
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        long multiplier = switch (unit.charAt(0)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1L;
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier))
                .setScale(0, RoundingMode.HALF_UP);
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
        return bytes.longValueExact();
    }
}
