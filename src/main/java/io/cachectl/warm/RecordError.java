package io.cachectl.warm;

/** A bad record: its 1-based line and why (JSON: {@code {"line": 12, "reason": "…"}}). */
public record RecordError(long line, String reason) {
}
