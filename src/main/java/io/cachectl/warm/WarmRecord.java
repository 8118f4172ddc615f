package io.cachectl.warm;

import java.util.List;

/**
 * One valid input record, ready to write.
 *
 * @param line  1-based line number in the input (the first line of the record)
 * @param key   key bytes (UTF-8)
 * @param kind  Redis type to create
 * @param value the string value's bytes (kind STRING), else null
 * @param parts collection contents (hash: field, value, …; set/list: members; zset: score, member, …)
 * @param ttl   seconds, or 0 for no expiry (only with --allow-no-ttl)
 */
record WarmRecord(long line, byte[] key, Kind kind, byte[] value, List<byte[]> parts, long ttl) {
    enum Kind { STRING, HASH, SET, LIST, ZSET }
}
