package io.cachectl.warm;

/** A record that cannot be written; {@code reason} is shown as {@code FILE:LINE: reason}. */
final class BadRecord extends Exception {
    BadRecord(String reason) {
        super(reason, null, false, false); // no stack trace: thrown for every bad line
    }

    String reason() {
        return getMessage();
    }
}
