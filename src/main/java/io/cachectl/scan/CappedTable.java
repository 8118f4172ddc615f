package io.cachectl.scan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A name → statistics table with bounded size: when it grows past {@code cap} entries, the lighter
 * half is merged into {@link Namespaces#OTHER}. Memory stays bounded whatever the key count. Not
 * thread-safe (callers synchronise).
 */
public final class CappedTable<V> {
    private final int cap;
    private final Supplier<V> factory;
    private final BiConsumer<V, V> mergeInto;
    private final ToLongFunction<V> weight;
    private final Map<String, V> entries = new HashMap<>();
    private boolean merged;

    public CappedTable(int cap, Supplier<V> factory, BiConsumer<V, V> mergeInto, ToLongFunction<V> weight) {
        this.cap = Math.max(2, cap);
        this.factory = factory;
        this.mergeInto = mergeInto;
        this.weight = weight;
    }

    public V get(String name) {
        V v = entries.get(name);
        if (v == null) {
            if (entries.size() >= cap) {
                compact();
            }
            v = factory.get();
            entries.put(name, v);
        }
        return v;
    }

    private void compact() {
        List<Map.Entry<String, V>> list = new ArrayList<>(entries.entrySet());
        list.removeIf(e -> e.getKey().equals(Namespaces.OTHER));
        list.sort((a, b) -> Long.compare(weight.applyAsLong(a.getValue()), weight.applyAsLong(b.getValue())));
        V other = entries.computeIfAbsent(Namespaces.OTHER, k -> factory.get());
        for (int i = 0; i < list.size() / 2; i++) {
            mergeInto.accept(list.get(i).getValue(), other);
            entries.remove(list.get(i).getKey());
        }
        merged = true;
    }

    /** True once some entries were merged into "(other)" because of the cap. */
    public boolean merged() {
        return merged;
    }

    public Map<String, V> entries() {
        return entries;
    }
}
