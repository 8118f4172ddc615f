package io.cachectl.scan;

/**
 * What the engine asks about each key. None at all gives just the key names (cheapest: no keyspace
 * hits, e.g. for invalidate). TYPE, PTTL and LENGTH count as keyspace hits; MEMORY does not.
 */
public enum Probe {
    /** TYPE (string, hash, list, set, zset, stream, module names). */
    TYPE,
    /** MEMORY USAGE [SAMPLES n]: bytes the key and its value take. */
    MEMORY,
    /** PTTL: milliseconds left, -1 when the key never expires. */
    TTL,
    /** Element count by type: STRLEN (bytes), HLEN, LLEN, SCARD, ZCARD, XLEN. Implies TYPE. */
    LENGTH
}
