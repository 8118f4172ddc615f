package io.cachectl.shell;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Raw commands that deserve a second thought, with the reason shown in the confirmation (after
 * iredis' table). {@code refuse} entries never run in the shell: they would take the connection over.
 */
public final class DangerousCommands {
    /** {@code sub} is null when the whole command is dangerous. */
    public record Entry(String command, String sub, String reason, boolean refuse) {
        boolean matches(List<String> words) {
            if (words.isEmpty() || !words.get(0).equalsIgnoreCase(command)) {
                return false;
            }
            return sub == null || words.size() > 1 && words.get(1).equalsIgnoreCase(sub);
        }

        /** "CONFIG SET" or "KEYS". */
        public String name() {
            return sub == null ? command : command + " " + sub;
        }
    }

    public static final List<Entry> TABLE = List.of(
            ask("KEYS", null, "KEYS walks the whole keyspace in one call and blocks the server;"
                    + " use `invalidate PATTERN --dry-run` or SCAN instead"),
            ask("FLUSHALL", null, "FLUSHALL deletes every key in every database: the whole cache goes cold"),
            ask("FLUSHDB", null, "FLUSHDB deletes every key of this database; to drop one namespace use"
                    + " `invalidate 'prefix:*'`"),
            ask("DEBUG", null, "DEBUG can block or crash the server (DEBUG SLEEP, RELOAD, SEGFAULT)"),
            ask("SHUTDOWN", null, "SHUTDOWN stops the server: every client loses the cache"),
            ask("CONFIG", "SET", "CONFIG SET changes the running server for every client"),
            ask("CONFIG", "RESETSTAT", "CONFIG RESETSTAT zeroes the hit/miss/eviction counters that stats and doctor judge"),
            ask("CONFIG", "REWRITE", "CONFIG REWRITE overwrites the server's redis.conf on disk"),
            ask("SAVE", null, "SAVE blocks the server while it writes the RDB file; use BGSAVE"),
            ask("SWAPDB", null, "SWAPDB swaps two databases under every connected client"),
            ask("REPLICAOF", null, "REPLICAOF turns this server into a replica and discards its data"),
            ask("SLAVEOF", null, "SLAVEOF turns this server into a replica and discards its data"),
            ask("CLIENT", "KILL", "CLIENT KILL disconnects application clients"),
            ask("CLIENT", "PAUSE", "CLIENT PAUSE stops every client from being served"),
            ask("CLUSTER", "RESET", "CLUSTER RESET removes this node from the cluster"),
            ask("CLUSTER", "FAILOVER", "CLUSTER FAILOVER switches primaries: clients see MOVED and reconnect"),
            ask("CLUSTER", "FORGET", "CLUSTER FORGET removes a node from this node's view of the cluster"),
            ask("SCRIPT", "FLUSH", "SCRIPT FLUSH drops every cached Lua script (EVALSHA calls fail until reloaded)"),
            ask("FUNCTION", "FLUSH", "FUNCTION FLUSH deletes every library of functions"),
            ask("ACL", "SETUSER", "ACL SETUSER changes what a user may do (and may lock applications out)"),
            ask("ACL", "DELUSER", "ACL DELUSER removes users that applications may log in with"),
            ask("SLOWLOG", "RESET", "SLOWLOG RESET erases the evidence doctor reads"),
            ask("LATENCY", "RESET", "LATENCY RESET erases the latency history"),
            refuse("MONITOR", "MONITOR streams every command until the connection closes and can halve"
                    + " throughput; run `redis-cli monitor` in another terminal for a bounded time"),
            refuse("SUBSCRIBE", "SUBSCRIBE takes the connection over; use redis-cli for pub/sub"),
            refuse("PSUBSCRIBE", "PSUBSCRIBE takes the connection over; use redis-cli for pub/sub"),
            refuse("SSUBSCRIBE", "SSUBSCRIBE takes the connection over; use redis-cli for pub/sub"),
            refuse("SYNC", "SYNC starts a replication stream on this connection"),
            refuse("PSYNC", "PSYNC starts a replication stream on this connection"));

    private DangerousCommands() {
    }

    private static Entry ask(String cmd, String sub, String reason) {
        return new Entry(cmd, sub, reason, false);
    }

    private static Entry refuse(String cmd, String reason) {
        return new Entry(cmd, null, reason, true);
    }

    /** The entry for a raw command line split in words, if it is dangerous. */
    public static Optional<Entry> find(List<String> words) {
        return TABLE.stream().filter(e -> e.matches(words)).findFirst();
    }

    public static boolean isDangerous(String command) {
        String upper = command.toUpperCase(Locale.ROOT);
        return TABLE.stream().anyMatch(e -> e.command.equals(upper) && e.sub == null);
    }
}
