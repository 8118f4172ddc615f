package io.cachectl.shell;

import io.cachectl.connect.Node;
import io.cachectl.connect.Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Key names for completion: a bounded most-recently-seen list (as in iredis), filled by a small
 * SCAN (COUNT, never KEYS) of each primary in the background and by the keys raw commands touch.
 * This is the only SCAN loop in the shell and it stops after {@code budget} keys per node.
 */
public final class KeyNames implements AutoCloseable {
    public static final int DEFAULT_CAPACITY = 2000;
    private static final int SCAN_COUNT = 500;

    private final int capacity;
    private final Map<String, Boolean> recent;
    private ScheduledExecutorService refresher;

    public KeyNames(int capacity) {
        this.capacity = capacity;
        this.recent = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > KeyNames.this.capacity;
            }
        };
    }

    /** Records keys as most recently seen. */
    public synchronized void remember(Collection<String> keys) {
        for (String k : keys) {
            recent.put(k, Boolean.TRUE);
        }
    }

    public synchronized int size() {
        return recent.size();
    }

    /** Known keys starting with {@code prefix}, most recent first, at most {@code limit}. */
    public synchronized List<String> matching(String prefix, int limit) {
        List<String> all = new ArrayList<>(recent.keySet());
        List<String> out = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
            if (all.get(i).startsWith(prefix)) {
                out.add(all.get(i));
            }
        }
        return out;
    }

    /** Namespace patterns of the known keys ({@code user:profile:123} gives {@code user:*}, {@code user:profile:*}). */
    public synchronized List<String> patterns(String prefix) {
        TreeSet<String> out = new TreeSet<>();
        for (Iterator<String> it = recent.keySet().iterator(); it.hasNext() && out.size() < 500;) {
            String key = it.next();
            for (int i = key.indexOf(':'); i > 0; i = key.indexOf(':', i + 1)) {
                String p = key.substring(0, i + 1) + "*";
                if (p.startsWith(prefix)) {
                    out.add(p);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** One bounded SCAN pass over every primary: at most {@code budget} keys per node. */
    public void refresh(Target target, int budget) {
        for (Node node : target.primaries()) {
            try (Jedis jedis = target.open(node)) {
                String cursor = ScanParams.SCAN_POINTER_START;
                int seen = 0;
                ScanParams params = new ScanParams().count(SCAN_COUNT);
                do {
                    ScanResult<String> page = jedis.scan(cursor, params);
                    remember(page.getResult());
                    seen += page.getResult().size();
                    cursor = page.getCursor();
                } while (!"0".equals(cursor) && seen < budget && !Thread.currentThread().isInterrupted());
            }
        }
    }

    /**
     * Keys starting with {@code prefix}, for command-line completion: SCAN MATCH on every primary until
     * {@code budget} keys are known or {@code deadlineNanos} passes (then what was found is enough).
     */
    public void sample(Target target, String prefix, int budget, long deadlineNanos) {
        String match = prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
        for (Node node : target.primaries()) {
            if (size() >= budget || System.nanoTime() > deadlineNanos && size() > 0) {
                return; // a late first node still gets one SCAN call: its socket timeout bounds it
            }
            try (Jedis jedis = target.open(node)) {
                String cursor = ScanParams.SCAN_POINTER_START;
                ScanParams params = new ScanParams().match(match).count(SCAN_COUNT);
                do {
                    ScanResult<String> page = jedis.scan(cursor, params);
                    remember(page.getResult());
                    cursor = page.getCursor();
                } while (!"0".equals(cursor) && size() < budget && System.nanoTime() < deadlineNanos);
            }
        }
    }

    /** Refreshes now and then every {@code periodSeconds} on a daemon thread; failures are ignored. */
    public synchronized void startBackground(Target target, int budget, long periodSeconds) {
        stopBackground();
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cachectl-key-names");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(() -> {
            try {
                refresh(target, budget);
            } catch (RuntimeException ignored) {
                // completion is best effort: a refused SCAN or a lost connection only means fewer names
            }
        }, 0, periodSeconds, TimeUnit.SECONDS);
    }

    public synchronized void stopBackground() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }

    @Override
    public void close() {
        stopBackground();
    }
}
