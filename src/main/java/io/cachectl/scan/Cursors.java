package io.cachectl.scan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code --cursor} values: {@code host:port=cursor[,host:port=cursor…]}, or one bare cursor. A node's
 * cursor is a number, {@code done}, one part for each of the 4 range chains of a scripted scan
 * ({@code 4096/-/77/3}, {@code -} for a finished chain), or, on a node with one dictionary per slot,
 * {@code s} and FIRSTSLOT:CURSOR per chain ({@code s0:81936/1366:-}); see {@link Ranges}.
 */
public final class Cursors {
    /** Key used for a bare cursor: applies to the only node scanned. */
    public static final String ANY = "*";
    public static final String DONE = "done";

    private Cursors() {
    }

    public static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            String p = part.trim();
            int eq = p.lastIndexOf('=');
            String node = eq < 0 ? ANY : p.substring(0, eq);
            String cursor = eq < 0 ? p : p.substring(eq + 1);
            if (!cursor.equals(DONE) && !cursor.matches("\\d+|(\\d+|-)(/(\\d+|-)){3}|s\\d+:(\\d+|-)(/\\d+:(\\d+|-))*")) {
                throw new IllegalArgumentException("'" + p + "' is not a cursor (expected host:port=CURSOR or CURSOR,"
                        + " as printed when the scan stopped)");
            }
            out.put(node, cursor);
        }
        return out;
    }

    /**
     * One node: the bare cursor. Several (a cluster): {@code host:port@SLOT#RUNID=cursor,...}, where SLOT
     * is the first slot of the node's shard and RUNID the start of the server's run_id, so that a resume
     * after a failover finds the shard's new primary, and a cursor is never continued on another server
     * process (see {@link Scanner}).
     */
    static String format(List<NodeScan> nodes) {
        if (nodes.size() == 1) {
            NodeScan n = nodes.get(0);
            return n.completed() ? DONE : n.cursor();
        }
        return nodes.stream().map(n -> n.node() + (n.shardSlot() >= 0 ? "@" + n.shardSlot() : "")
                + (n.runId() != null ? "#" + n.runId() : "") + "=" + (n.completed() ? DONE : n.cursor()))
                .collect(Collectors.joining(","));
    }

    /** A node named in {@code --cursor}: its address, its shard's first slot (-1) and run_id prefix (null). */
    record Key(String address, int slot, String runId) {
        static Key parse(String text) {
            String rest = text;
            String runId = null;
            int hash = rest.lastIndexOf('#');
            if (hash > 0) {
                runId = rest.substring(hash + 1);
                rest = rest.substring(0, hash);
            }
            int slot = -1;
            int at = rest.lastIndexOf('@');
            if (at > 0 && rest.substring(at + 1).matches("\\d{1,5}")) {
                slot = Integer.parseInt(rest.substring(at + 1));
                rest = rest.substring(0, at);
            }
            return new Key(rest, slot, runId);
        }
    }
}
