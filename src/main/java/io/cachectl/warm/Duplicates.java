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

    private long[] bloom;
    private long blocks;
    private final int log2Bits;
    private final long exactCap;
    private final Object[] locks = new Object[1024];
    private final LongSet candidates = new LongSet();
    private volatile boolean abandoned;
    private final Map<Long, List<Seen>> seen = new HashMap<>();

    private record Seen(byte[] key, long line) {
    }

    private final boolean concurrent;

    /**
     * {@code concurrent}: several threads add keys (the filter's blocks are then locked).
     * {@code exactCap} &gt; 0: exact mode — each thread logs its keys' hashes (8 bytes a key, at most
     * {@code exactCap} per thread), sorted at the end; equal hashes are the only candidates, so a
     * file without duplicates needs no second read. 0: the Bloom filter from the start.
     */
    Duplicates(int log2Bits, boolean concurrent, long exactCap) {
        this.concurrent = concurrent;
        this.log2Bits = log2Bits;
        this.exactCap = exactCap;
        if (exactCap <= 0) {
            allocateBloom();
        }
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    private void allocateBloom() {
        bloom = new long[1 << (log2Bits - 6)];
        blocks = bloom.length / 8;
    }

    boolean exact() {
        return bloom == null;
    }

    /** Where one thread's keys go. */
    final class Sink {
        private long[] log = exact() ? new long[(int) Math.min(1 << 14, exactCap)] : null;
        private int n;
        private boolean overflow;
        private boolean sorted;

        /** Exact mode: sorts this sink's hashes now, on the thread that filled it (sinks sort in parallel). */
        void seal() {
            if (log != null && !overflow) {
                log = sortHashes(log, n);
                sorted = true;
            }
        }

        void add(long h) {
            if (overflow) {
                return; // the caller runs a Bloom pass afterwards
            }
            if (log == null) {
                Duplicates.this.add(h);
                return;
            }
            if (n == log.length) {
                if (n >= exactCap) {
                    overflow = true;
                    log = null;
                    return;
                }
                log = java.util.Arrays.copyOf(log, (int) Math.min(exactCap, (long) n * 2));
            }
            log[n++] = h;
        }
    }

    /**
     * Sorts the first {@code n} hashes (signed order, as {@link Arrays#sort(long[])}): hashes are
     * uniform, so one pass into 65536 buckets by their top bits and an insertion sort of each
     * small bucket beat a general sort several times under C1. May return a new array.
     */
    static long[] sortHashes(long[] a, int n) {
        if (n < 1 << 15) {
            Arrays.sort(a, 0, n);
            return a;
        }
        int[] start = new int[65537];
        for (int i = 0; i < n; i++) {
            start[(int) (a[i] >> 48) + 32769]++;
        }
        for (int b = 0; b < 65536; b++) {
            start[b + 1] += start[b];
        }
        int[] next = Arrays.copyOf(start, 65536);
        long[] out = new long[a.length];
        for (int i = 0; i < n; i++) {
            long h = a[i];
            out[next[(int) (h >> 48) + 32768]++] = h;
        }
        for (int b = 0; b < 65536; b++) {
            int from = start[b];
            int to = start[b + 1];
            if (to - from > 64) {
                Arrays.sort(out, from, to); // many equal or clustered hashes: not the uniform case
                continue;
            }
            for (int i = from + 1; i < to; i++) {
                long x = out[i];
                int j = i - 1;
                while (j >= from && out[j] > x) {
                    out[j + 1] = out[j];
                    j--;
                }
                out[j + 1] = x;
            }
        }
        return out;
    }

    Sink sink() {
        return new Sink();
    }

    /**
     * Exact mode, after the pass: finds the hashes that occur more than once (within and across
     * the sinks) and makes them the candidates. False when a sink overflowed its cap: the caller
     * must then run a Bloom pass ({@link #switchToBloom()} and {@link #add(long)} every key).
     */
    boolean finish(List<Sink> sinks) {
        for (Sink sk : sinks) {
            if (sk.overflow) {
                return false;
            }
        }
        for (Sink sk : sinks) {
            if (!sk.sorted) {
                Arrays.sort(sk.log, 0, sk.n);
            }
            for (int i = 1; i < sk.n; i++) {
                if (sk.log[i] == sk.log[i - 1]) {
                    candidates.add(sk.log[i]);
                }
            }
        }
        for (int x = 0; x < sinks.size(); x++) {
            for (int y = x + 1; y < sinks.size(); y++) {
                long[] a = sinks.get(x).log;
                long[] b = sinks.get(y).log;
                int an = sinks.get(x).n;
                int bn = sinks.get(y).n;
                int i = 0;
                int j = 0;
                while (i < an && j < bn) {
                    if (a[i] < b[j]) {
                        i++;
                    } else if (a[i] > b[j]) {
                        j++;
                    } else {
                        candidates.add(a[i]);
                        i++;
                        j++;
                    }
                }
            }
        }
        sinks.forEach(sk -> sk.log = null);
        return true;
    }

    /** Leaves exact mode (a sink overflowed): keys must now be added to the filter. */
    void switchToBloom() {
        candidates.clear();
        allocateBloom();
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

        void clear() {
            table = new long[1024];
            hasZero = false;
            size = 0;
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
