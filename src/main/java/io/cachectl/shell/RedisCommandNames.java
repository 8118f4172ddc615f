package io.cachectl.shell;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * The Redis commands the shell completes at the start of a line, with their one-line summaries: the
 * server's own {@code COMMAND DOCS} (every command it knows, modules included), else a built-in list
 * when the server refuses COMMAND (managed services) or predates it.
 */
final class RedisCommandNames {
    /** Used when COMMAND DOCS is not available: the commands a cache engineer types most. */
    static final List<String> FALLBACK = List.of("APPEND", "BITCOUNT", "CLIENT", "CONFIG", "COPY", "DBSIZE", "DECR",
            "DECRBY", "DEL", "DUMP", "ECHO", "EXISTS", "EXPIRE", "EXPIREAT", "EXPIRETIME", "FLUSHALL", "FLUSHDB",
            "GET", "GETDEL", "GETEX", "GETRANGE", "GETSET", "HDEL", "HEXISTS", "HGET", "HGETALL", "HINCRBY", "HKEYS",
            "HLEN", "HMGET", "HSCAN", "HSET", "HSETNX", "HSTRLEN", "HVALS", "INCR", "INCRBY", "INCRBYFLOAT", "INFO",
            "KEYS", "LASTSAVE", "LATENCY", "LINDEX", "LINSERT", "LLEN", "LPOP", "LPUSH", "LRANGE", "LREM", "LSET",
            "LTRIM", "MEMORY", "MGET", "MSET", "MSETNX", "OBJECT", "PERSIST", "PEXPIRE", "PEXPIREAT", "PING",
            "PSETEX", "PTTL", "PUBLISH", "RANDOMKEY", "RENAME", "RENAMENX", "ROLE", "RPOP", "RPUSH", "SADD", "SCAN",
            "SCARD", "SDIFF", "SET", "SETEX", "SETNX", "SETRANGE", "SINTER", "SISMEMBER", "SLOWLOG", "SMEMBERS",
            "SMISMEMBER", "SPOP", "SRANDMEMBER", "SREM", "SSCAN", "STRLEN", "SUNION", "TIME", "TOUCH", "TTL", "TYPE",
            "UNLINK", "XADD", "XLEN", "XRANGE", "XREVRANGE", "XTRIM", "ZADD", "ZCARD", "ZCOUNT", "ZINCRBY", "ZRANGE",
            "ZRANGEBYSCORE", "ZRANK", "ZREM", "ZREVRANGE", "ZREVRANK", "ZSCAN", "ZSCORE");

    private RedisCommandNames() {
    }

    /** Name (upper case) to summary (null in the fallback list). */
    static Map<String, String> fallback() {
        Map<String, String> m = new TreeMap<>();
        FALLBACK.forEach(c -> m.put(c, null));
        return m;
    }

    /** COMMAND DOCS of the server {@code jedis} talks to; the fallback list when it refuses. */
    static Map<String, String> load(Jedis jedis) {
        try {
            Object reply = jedis.sendCommand(Protocol.Command.COMMAND, "DOCS");
            Map<String, String> m = new TreeMap<>();
            if (reply instanceof List<?> flat) {
                for (int i = 0; i + 1 < flat.size(); i += 2) {
                    String name = text(flat.get(i));
                    if (name == null || name.contains("|")) {
                        continue; // subcommands (CONFIG|GET) come under their command
                    }
                    String summary = null;
                    if (flat.get(i + 1) instanceof List<?> doc) {
                        for (int j = 0; j + 1 < doc.size(); j += 2) {
                            if ("summary".equals(text(doc.get(j)))) {
                                summary = text(doc.get(j + 1));
                            }
                        }
                    }
                    m.put(name.toUpperCase(Locale.ROOT), summary);
                }
            }
            return m.isEmpty() ? fallback() : m;
        } catch (RuntimeException e) {
            return fallback();
        }
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : o instanceof String s ? s : null;
    }
}
