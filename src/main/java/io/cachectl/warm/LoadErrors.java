package io.cachectl.warm;

import io.cachectl.connect.RedisErrors;
import io.cachectl.error.ExitCode;
import io.cachectl.output.Units;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** The load's failures and how they are worded: one line naming what failed and what to try. */
final class LoadErrors {
    private LoadErrors() {
    }

    /** A failure that stops the whole load, with the exit code it ends with. */
    static final class Fatal extends RuntimeException {
        final int exit;

        Fatal(String message, int exit) {
            super(message, null, false, false);
            this.exit = exit;
        }
    }

    static Fatal interrupted() {
        return new Fatal("interrupted", ExitCode.INTERRUPTED);
    }

    /** What ended a lane thread (sender or reply reader). */
    static Fatal laneFailed(String node, Exception e) {
        return e instanceof InterruptedException ? interrupted()
                : e instanceof Fatal f ? f : new Fatal(RedisErrors.describe(e, node), ExitCode.PARTIAL);
    }

    /** An error reply to the command of input line {@code line}. */
    static Fatal serverError(String error, String node, long line) {
        return new Fatal(serverError(new JedisDataException(error), node, line), ExitCode.PARTIAL);
    }

    private static String serverError(JedisDataException e, String node, long line) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.startsWith("OOM")) {
            return node + " is out of memory and refuses writes (" + m + "): maxmemory is reached with the"
                    + " noeviction policy; raise maxmemory, free memory, or use allkeys-lru as the guide says";
        }
        if (m.startsWith("READONLY")) {
            return node + " is a read-only replica (" + m + "): point --url at the primary";
        }
        if (m.startsWith("NOSCRIPT") || RedisErrors.isRefusal(e)) {
            return "line " + line + ": " + RedisErrors.describe(e, node)
                    + (m.contains("EVAL") || m.contains("script") ? " (hash/set/list/zset records need EVAL)" : "");
        }
        return "line " + line + ": " + RedisErrors.describe(e, node);
    }

    /** The lane gave up reconnecting ({@code first}: it never had a connection). */
    static Fatal unreachable(String node, boolean first, int retries, long ms, Exception cause) {
        RuntimeException e = cause instanceof RuntimeException re ? re : new JedisConnectionException(cause);
        return new Fatal((first ? "could not connect to " + node + " ("
                : "lost the connection to " + node + " and could not reconnect (")
                + retries + " retries over " + Units.decimal(ms / 1000.0, 1) + " s): "
                + RedisErrors.describe(e, node), ExitCode.PARTIAL);
    }

    static Fatal slotNotServed(int slot, long line) {
        return new Fatal("hash slot " + slot + " (key at line " + line + ") is not served by any primary:"
                + " the cluster is not healthy (check CLUSTER INFO)", ExitCode.PARTIAL);
    }

    static Fatal redirectLoop(long line, int max) {
        return new Fatal("line " + line + ": more than " + max
                + " MOVED/ASK redirects in a row (is the cluster resharding in a loop?)", ExitCode.PARTIAL);
    }

    static Fatal cannotRead(String input, String why) {
        return new Fatal(input + ": cannot read: " + why, ExitCode.PARTIAL);
    }

    static Fatal cannotWriteRejects(Object path, String why) {
        return new Fatal("cannot write the rejects file " + path + ": " + why, ExitCode.PARTIAL);
    }
}
