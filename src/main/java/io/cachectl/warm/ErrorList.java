package io.cachectl.warm;

import java.util.ArrayList;
import java.util.List;

/** The first {@code limit} bad records by line number, and how many there were in all. */
final class ErrorList {
    private final int limit;
    private final List<RecordError> kept = new ArrayList<>();
    private long total;

    ErrorList(int limit) {
        this.limit = limit;
    }

    synchronized void add(long line, String reason) {
        total++;
        if (kept.size() == limit && (limit == 0 || kept.get(limit - 1).line() < line)) {
            return;
        }
        int i = kept.size();
        while (i > 0 && kept.get(i - 1).line() > line) {
            i--;
        }
        kept.add(i, new RecordError(line, reason));
        if (kept.size() > limit) {
            kept.remove(kept.size() - 1);
        }
    }

    /** Counts {@code n} errors that are not listed (they came after the limit elsewhere). */
    synchronized void addUncounted(long n) {
        total += n;
    }

    synchronized List<RecordError> kept() {
        return List.copyOf(kept);
    }

    synchronized long total() {
        return total;
    }
}
