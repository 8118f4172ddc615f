package io.cachectl.scan;

import io.cachectl.error.CachectlException;
import java.util.ArrayList;
import java.util.List;

/**
 * How one node's SCAN cursor space is split into chains that run side by side, what each chain's
 * cursor means, and the {@code --cursor} text of a stopped scan. The split depends on the node's
 * {@link KeyspaceLayout}:
 *
 * <ul>
 *   <li>{@link KeyspaceLayout#ONE_DICT}: 4 ranges by the cursor's lowest two bits. SCAN's reversed-bit
 *       cursor changes those bits only at fixed points (0 → 2 → 1 → 3 → 0) whatever the table size,
 *       so chain c runs from its residue's first cursor to the next one. Text: {@code 4096/-/77/3}.</li>
 *   <li>{@link KeyspaceLayout#PER_SLOT}: 4 ranges of hash slots (the cursor's low 14 bits), split at
 *       quantiles of the slots the node serves. Chain c starts at cursor {@code firstSlot} (that slot's
 *       table from its start) and ends when the cursor reaches the next range's first slot; the step
 *       that crosses keeps only the keys of its own slots (probe.lua). Text:
 *       {@code s0:81936/1366:-/2731:2731/4096:4162} (first slot : cursor of each chain).</li>
 *   <li>{@link KeyspaceLayout#UNKNOWN}, small keyspaces and pipelined scans: one chain over the whole
 *       cursor space. Text: the plain cursor ({@code s0:CURSOR} on a per-slot node).</li>
 * </ul>
 *
 * A cursor saved on one layout and given to a node of another is refused (exit 2): its numbers mean
 * something else there, and a silently wrong count is worse than starting again.
 */
final class Ranges {
    static final int SLOTS = 16384;
    /** A finished chain in a resume cursor. */
    static final String DONE = "-";
    private static final String[] RESIDUE_STARTS = {"0", "2", "1", "3"};
    private static final int CHAINS = 4;

    final KeyspaceLayout layout;
    /** Each chain's start cursor. */
    private final String[] starts;
    /** PER_SLOT: each chain's first slot; null otherwise. */
    private final int[] firstSlots;

    private Ranges(KeyspaceLayout layout, String[] starts, int[] firstSlots) {
        this.layout = layout;
        this.starts = starts;
        this.firstSlots = firstSlots;
    }

    /** One chain over the whole cursor space. */
    static Ranges single(KeyspaceLayout layout) {
        return new Ranges(layout, new String[] {"0"}, layout == KeyspaceLayout.PER_SLOT ? new int[] {0} : null);
    }

    /** The ranged split for {@code layout}; {@code slots} are the slot ranges the node serves (or its primary). */
    static Ranges split(KeyspaceLayout layout, List<int[]> slots) {
        return switch (layout) {
            case ONE_DICT -> new Ranges(layout, RESIDUE_STARTS.clone(), null);
            case PER_SLOT -> perSlot(slotQuantiles(slots));
            case UNKNOWN -> single(layout);
        };
    }

    private static Ranges perSlot(int[] first) {
        String[] starts = new String[first.length];
        for (int c = 0; c < first.length; c++) {
            starts[c] = Integer.toString(first[c]);
        }
        return new Ranges(KeyspaceLayout.PER_SLOT, starts, first);
    }

    /**
     * First slots of {@value #CHAINS} ranges that split the served slots evenly; the first range
     * starts at 0 and the last runs to 16383, so keys in slots the node does not serve (a migration
     * in progress) are still covered.
     */
    static int[] slotQuantiles(List<int[]> ranges) {
        List<Integer> served = new ArrayList<>();
        for (int[] r : ranges) {
            for (int s = Math.max(0, r[0]); s <= Math.min(SLOTS - 1, r[1]); s++) {
                served.add(s);
            }
        }
        List<Integer> first = new ArrayList<>(List.of(0));
        for (int c = 1; c < CHAINS; c++) {
            int s = served.isEmpty() ? c * SLOTS / CHAINS : served.get(served.size() * c / CHAINS);
            if (s > first.get(first.size() - 1)) {
                first.add(s);
            }
        }
        return first.stream().mapToInt(Integer::intValue).toArray();
    }

    int size() {
        return starts.length;
    }

    String start(int c) {
        return starts[c];
    }

    private boolean last(int c) {
        return c == starts.length - 1;
    }

    /** The cursor at which chain {@code c} is finished: the next range's start; "" for the last chain. */
    String boundary(int c) {
        return last(c) ? "" : starts[c + 1];
    }

    /** Whether chain {@code c} is finished at {@code cursor}: at its boundary, or back at "0" for the last one. */
    boolean done(int c, String cursor) {
        return cursor.equals(DONE) || (last(c) ? cursor.equals("0") : cursor.equals(boundary(c)));
    }

    /** probe.lua's range arguments for chain {@code c}: range residue, boundary, modulus (0 = per-slot). */
    String[] scriptArgs(int c) {
        if (layout == KeyspaceLayout.PER_SLOT) {
            return new String[] {"", boundary(c), "0"};
        }
        return size() == 1 ? new String[] {"", "", "1"} : new String[] {starts[c], boundary(c), "4"};
    }

    /** The {@code --cursor} text for the chains at {@code cursors}. */
    String format(String[] cursors) {
        StringBuilder sb = new StringBuilder(layout == KeyspaceLayout.PER_SLOT ? "s" : "");
        for (int c = 0; c < cursors.length; c++) {
            if (c > 0) {
                sb.append('/');
            }
            if (firstSlots != null) {
                sb.append(firstSlots[c]).append(':');
            }
            sb.append(size() > 1 && done(c, cursors[c]) ? DONE : cursors[c]);
        }
        return sb.toString();
    }

    /** A parsed {@code --cursor}: the ranges it was saved with and each chain's cursor. */
    record Resume(Ranges ranges, String[] cursors) {
    }

    /**
     * Parses a node's {@code --cursor} text for a node of {@code layout}; null for "0" (a fresh scan,
     * split as the node's size suggests). Throws a usage error (exit 2) when the text was saved on a
     * node of another layout or is out of range.
     */
    static Resume parse(String text, KeyspaceLayout layout, String node, String product) {
        if (text.equals("0")) {
            return null;
        }
        KeyspaceLayout saved = text.startsWith("s") ? KeyspaceLayout.PER_SLOT
                : text.contains("/") ? KeyspaceLayout.ONE_DICT : null;
        boolean fits = saved == null ? layout != KeyspaceLayout.PER_SLOT : saved == layout;
        if (!fits) {
            String from = saved == KeyspaceLayout.PER_SLOT ? "a node with one dictionary per hash slot (Redis 7.4+ / Valkey 8+ cluster)"
                    : saved == KeyspaceLayout.ONE_DICT ? "a node with one keyspace dictionary (standalone, or Redis <= 7.2 cluster)"
                    : "a node with one keyspace dictionary";
            throw CachectlException.usage("--cursor " + text + " was saved on " + from + ", but " + node + " (" + product
                    + ") has " + layout.describe() + ": its cursors mean something else there; start a new scan without --cursor");
        }
        if (saved == null) {
            return new Resume(single(layout), new String[] {text});
        }
        String[] parts = (saved == KeyspaceLayout.PER_SLOT ? text.substring(1) : text).split("/", -1);
        if (saved == KeyspaceLayout.ONE_DICT) {
            if (parts.length != CHAINS) {
                throw bad(text, node, "expected " + CHAINS + " parts");
            }
            return new Resume(split(layout, List.of()), parts);
        }
        int[] first = new int[parts.length];
        String[] cursors = new String[parts.length];
        for (int c = 0; c < parts.length; c++) {
            String[] p = parts[c].split(":", -1);
            if (p.length != 2 || !p[0].matches("\\d{1,5}") || !p[1].matches("\\d{1,20}|-")) {
                throw bad(text, node, "expected FIRSTSLOT:CURSOR parts");
            }
            first[c] = Integer.parseInt(p[0]);
            cursors[c] = p[1];
            if (c == 0 ? first[c] != 0 : first[c] <= first[c - 1] || first[c] >= SLOTS) {
                throw bad(text, node, "ranges must start at slot 0 and increase below 16384");
            }
        }
        Ranges r = perSlot(first);
        for (int c = 0; c < cursors.length; c++) {
            if (cursors[c].equals(DONE) || r.size() == 1 && cursors[c].equals("0")) {
                continue;
            }
            long slot;
            try {
                slot = Long.remainderUnsigned(Long.parseUnsignedLong(cursors[c]), SLOTS);
            } catch (NumberFormatException e) {
                throw bad(text, node, "cursor out of range");
            }
            long end = c + 1 < first.length ? first[c + 1] : SLOTS;
            if (slot < first[c] || slot >= end) {
                throw bad(text, node, "chain " + (c + 1) + "'s cursor is outside its slots " + first[c] + ".." + (end - 1));
            }
        }
        return new Resume(r, cursors);
    }

    private static CachectlException bad(String text, String node, String why) {
        return CachectlException.usage("--cursor " + text + " for " + node + " is not a cursor this tool printed (" + why
                + "); start a new scan without --cursor");
    }
}
