package io.cachectl.input;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A decimal number with an optional unit, as people type sizes and durations ("1.5mb", "30 s", "100"):
 * case-insensitive, surrounding and inner space allowed.
 */
record Quantity(BigDecimal number, String unit) {

    /** The form of a number followed by one of {@code units} (a regex alternation, e.g. "ms|s|m"). */
    static Pattern form(String units) {
        return Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(" + units + ")?");
    }

    /** {@code text} in {@code form}, with {@code defaultUnit} when none is given; else "'text' is not a {@code what}". */
    static Quantity parse(Pattern form, String text, String defaultUnit, String what) {
        Matcher m = form.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a " + what);
        }
        return new Quantity(new BigDecimal(m.group(1)), m.group(2) == null ? defaultUnit : m.group(2));
    }
}
