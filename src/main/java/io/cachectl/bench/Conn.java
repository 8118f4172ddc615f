package io.cachectl.bench;

/**
 * One simulated client: its connection, the batch it has in flight (at most --pipeline commands),
 * and the cache-aside SETs waiting for their simulated backend fetch.
 */
final class Conn {
    final Wire wire;
    final int node;
    final byte[] kind;
    final int[] key;
    final long[] start;
    int inFlight;
    /** The engine's epoch when the in-flight batch was sent (warm-up batches are not counted). */
    int epoch;
    /** When the in-flight batch was written. */
    long sentAt;
    /** Closed loop: the client is busy with the backend until then. */
    long readyAt;
    /** Open loop: intended send time of the next operation. */
    long nextIntended;
    private int[] deferredKey = new int[16];
    private long[] deferredDue = new long[16];
    private int head;
    private int size;

    Conn(Wire wire, int node, int pipeline) {
        this.wire = wire;
        this.node = node;
        this.kind = new byte[pipeline];
        this.key = new int[pipeline];
        this.start = new long[pipeline];
    }

    void add(byte k, int keyIndex, long startNanos) {
        kind[inFlight] = k;
        key[inFlight] = keyIndex;
        start[inFlight] = startNanos;
        inFlight++;
    }

    int deferred() {
        return size;
    }

    long nextDue() {
        return deferredDue[head];
    }

    void defer(int keyIndex, long due) {
        if (size == deferredKey.length) {
            int[] k = new int[size * 2];
            long[] d = new long[size * 2];
            for (int i = 0; i < size; i++) {
                k[i] = deferredKey[(head + i) % size];
                d[i] = deferredDue[(head + i) % size];
            }
            deferredKey = k;
            deferredDue = d;
            head = 0;
        }
        int at = (head + size) % deferredKey.length;
        deferredKey[at] = keyIndex;
        deferredDue[at] = due;
        size++;
    }

    /** Removes the oldest deferred SET and returns its key. */
    int popDeferred() {
        int k = deferredKey[head];
        head = (head + 1) % deferredKey.length;
        size--;
        return k;
    }
}
