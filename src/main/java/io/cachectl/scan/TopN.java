package io.cachectl.scan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.ToLongFunction;

/** The N largest items by a long score, in O(N) memory. Not thread-safe. */
public final class TopN<T> {
    private final int n;
    private final ToLongFunction<T> score;
    private final PriorityQueue<T> heap;

    public TopN(int n, ToLongFunction<T> score) {
        this.n = n;
        this.score = score;
        this.heap = new PriorityQueue<>(Math.max(1, n + 1), Comparator.comparingLong(score));
    }

    /** Would {@code value} enter the list? (Lets callers avoid building items that would not.) */
    public boolean accepts(long value) {
        return n > 0 && (heap.size() < n || value > score.applyAsLong(heap.peek()));
    }

    public void offer(T item) {
        if (accepts(score.applyAsLong(item))) {
            heap.add(item);
            if (heap.size() > n) {
                heap.poll();
            }
        }
    }

    /** Largest first. */
    public List<T> sorted() {
        List<T> out = new ArrayList<>(heap);
        out.sort(Comparator.comparingLong(score).reversed());
        return out;
    }
}
