package io.cachectl.slo;

import com.fasterxml.jackson.annotation.JsonValue;

/** Verdict on one target. WARN: passing, but within 10 % of the threshold. */
public enum Status {
    PASS("PASS"), WARN("WARN"), FAIL("FAIL"), NA("N/A");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
