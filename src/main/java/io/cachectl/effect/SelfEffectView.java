package io.cachectl.effect;

import io.cachectl.output.Style;
import io.cachectl.output.Units;

/** The human line about a command's own effect on the server's counters and LRU clock. */
public final class SelfEffectView {
    private SelfEffectView() {
    }

    /**
     * E.g. "self effect: 2,000 keyspace hits, 0 misses (TYPE + length per key) and LRU refreshed; stats and
     * doctor on this machine subtract them".
     */
    public static String line(SelfEffect e, String commands, boolean noTouch, Style style) {
        return style.dim("self effect: " + Units.count(e.hits()) + " keyspace hits, " + Units.count(e.misses())
                + " misses (" + commands + ")" + (e.lookups() == 0 ? "" : noTouch ? ", LRU untouched (CLIENT NO-TOUCH)"
                        : " and LRU clocks refreshed (CLIENT NO-TOUCH needs 7.2+)")
                + "; cachectl stats and doctor on this machine subtract them");
    }
}
