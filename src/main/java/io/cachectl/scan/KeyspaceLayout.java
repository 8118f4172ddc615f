package io.cachectl.scan;

import io.cachectl.connect.Info;

/**
 * How a node keeps its keys, which decides what a SCAN cursor means and so how the scan may split a
 * node's cursor space into chains (see {@link Ranges}).
 *
 * <ul>
 *   <li>{@link #ONE_DICT}: one hash table per database (every standalone server; cluster nodes of Redis
 *       up to 7.2 and Valkey 7.x). The cursor is the table's reversed-bit bucket cursor.</li>
 *   <li>{@link #PER_SLOT}: one table per hash slot (cluster nodes of Redis 7.4+ and Valkey 8+). The
 *       cursor holds the slot in its low 14 bits and that slot's table cursor above them; SCAN walks
 *       the slots in increasing order.</li>
 *   <li>{@link #UNKNOWN}: a cluster node of a server this tool does not know: one chain, plain SCAN.</li>
 * </ul>
 */
public enum KeyspaceLayout {
    ONE_DICT("one-dict"), PER_SLOT("per-slot"), UNKNOWN("unknown");

    private final String label;

    KeyspaceLayout(String label) {
        this.label = label;
    }

    /** For JSON and messages: one-dict, per-slot, unknown. */
    public String label() {
        return label;
    }

    /** The layout of the node whose INFO (server and cluster sections) is {@code info}. */
    public static KeyspaceLayout of(Info info) {
        if (!"1".equals(info.get("cluster_enabled", "0"))) {
            return ONE_DICT; // standalone: one dictionary per database on every server
        }
        String name = info.get("server_name", "");
        boolean valkey = info.server().equals("valkey");
        if (!valkey && !name.isEmpty() && !name.equalsIgnoreCase("redis")) {
            return UNKNOWN; // a fork or proxy that names itself: do not guess its cursor
        }
        int v = info.versionNumber();
        if (v <= 0) {
            return UNKNOWN;
        }
        // per-slot dictionaries: redis/redis#11695 (7.4), kvstore in Valkey 8.0
        return v >= (valkey ? 80000 : 70400) ? PER_SLOT : ONE_DICT;
    }

    /** What a person reads: where the layout came from. */
    public String describe() {
        return switch (this) {
            case ONE_DICT -> "one keyspace dictionary (standalone, or a Redis <= 7.2 / Valkey 7 cluster node)";
            case PER_SLOT -> "one dictionary per hash slot (a Redis 7.4+ / Valkey 8+ cluster node)";
            case UNKNOWN -> "an unknown keyspace layout";
        };
    }
}
