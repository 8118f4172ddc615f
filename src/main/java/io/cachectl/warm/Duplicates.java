package io.cachectl.warm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds duplicate keys in bounded memory. First pass: every key's 64-bit hash goes into a Bloom
 * filter (16 bits per expected key, 1–16 MB); a key whose hash the filter may already hold becomes a candidate (a set of
 * hashes, at most {@link #MAX_CANDIDATES}). Second pass, only when there are candidates: the keys
 * with a candidate hash are compared exactly, so a report is never a false positive. With far more
 * records than the filter is sized for (≈15 M keys) the candidates overflow, and detection is
 * abandoned with a warning instead of using unbounded memory.
 */
final class Duplicates {
    static final int MAX_CANDIDATES = 200_000;
    private static final int HASHES = 7;

    private final long[] bloom;
    private final long blocks;
    private final Object[] locks = new Object[1024];
    private final LongSet candidates = new LongSet();
    private volatile boolean abandoned;
    private final Map<Long, List<Seen>> seen = new HashMap<>();

    private record Seen(byte[] key, long line) {
    }

    private final boolean concurrent;

    /** {@code concurrent}: several threads add keys (the filter's blocks are then locked). */
    Duplicates(int log2Bits, boolean concurrent) {
        this.concurrent = concurrent;
        bloom = new long[1 << (log2Bits - 6)];
        blocks = bloom.length / 8;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    static long hash(byte[] key) {
        return hash(key, 0, key.length);
    }

    static long hash(byte[] b, int from, int to) {
        long h = 0xcbf29ce484222325L ^ (to - from);
        for (int i = from; i < to; i++) {
            h = (h ^ (b[i] & 0xFF)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * First pass: remembers the key; a possible duplicate becomes a candidate. Thread-safe: the
     * filter is blocked (all of a key's bits in one 512-bit block, one cache miss per key) and each
     * block's test-and-set runs under a striped lock, so of two threads adding the same key at the
     * same moment exactly one sees it as present.
     */
    void add(byte[] key) {
        add(hash(key));
    }

    /** Same as {@link #add(byte[])} for a key already hashed with {@link #hash}. */
    void add(long h) {
        int block = (int) ((((h * 0x9E3779B97F4A7C15L) >>> 40) * blocks) >>> 24) * 8; // 24 mixed bits pick the block
        boolean present;
        if (concurrent) {
            synchronized (locks[(block >>> 3) & (locks.length - 1)]) {
                present = testAndSet(block, h);
            }
        } else {
            present = testAndSet(block, h);
        }
        if (present) {
            synchronized (candidates) {
                if (!abandoned) {
                    if (candidates.size() >= MAX_CANDIDATES) {
                        abandoned = true;
                    } else {
                        candidates.add(h);
                    }
                }
            }
        }
    }

    private boolean testAndSet(int block, long h) {
        boolean present = true;
        long bits = h;
        for (int i = 0; i < HASHES; i++) {
            int bit = (int) (bits & 511);
            bits >>>= 9;
            int word = block + (bit >>> 6);
            long m = 1L << (bit & 63);
            if ((bloom[word] & m) == 0) {
                present = false;
                bloom[word] |= m;
            }
        }
        return present;
    }

    boolean needsConfirmation() {
        return !abandoned && candidates.size() > 0;
    }

    boolean abandoned() {
        return abandoned;
    }

    boolean isCandidate(long hash) {
        return candidates.contains(hash);
    }

    /**
     * Second pass, records in file order: the line of an earlier record with the same key, or -1.
     */
    long firstLineOf(WarmRecord r) {
        long h = hash(r.key());
        if (!candidates.contains(h)) {
            return -1;
        }
        List<Seen> list = seen.computeIfAbsent(h, x -> new ArrayList<>(1));
        for (Seen s : list) {
            if (Arrays.equals(s.key, r.key())) {
                return s.line;
            }
        }
        list.add(new Seen(r.key(), r.line()));
        return -1;
    }

    /** Open-addressing set of longs (no boxing). */
    static final class LongSet {
        private long[] table = new long[1024];
        private boolean hasZero;
        private int size;

        int size() {
            return size;
        }

        void add(long v) {
            if (v == 0) {
                if (!hasZero) {
                    hasZero = true;
                    size++;
                }
                return;
            }
            if ((size + 1) * 2 > table.length) {
                long[] old = table;
                table = new long[old.length * 2];
                for (long x : old) {
                    if (x != 0) {
                        insert(x);
                    }
                }
            }
            if (insert(v)) {
                size++;
            }
        }

        private boolean insert(long v) {
            int m = table.length - 1;
            int i = (int) (v ^ (v >>> 29)) & m;
            while (table[i] != 0) {
                if (table[i] == v) {
                    return false;
                }
                i = (i + 1) & m;
            }
            table[i] = v;
            return true;
        }

        boolean contains(long v) {
            if (v == 0) {
                return hasZero;
            }
            int m = table.length - 1;
            int i = (int) (v ^ (v >>> 29)) & m;
            while (table[i] != 0) {
                if (table[i] == v) {
                    return true;
                }
                i = (i + 1) & m;
            }
            return false;
        }
    }
}
