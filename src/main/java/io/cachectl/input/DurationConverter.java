package io.cachectl.input;

import java.time.Duration;

/** "500ms", "5s", "15m", "24h", "7d", or a plain number of seconds: the syntax of {@link Durations}. */
public final class DurationConverter extends InputConverter<Duration> {
    public DurationConverter() {
        super(Durations::parse);
    }
}
