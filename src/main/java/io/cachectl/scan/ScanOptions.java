package io.cachectl.scan;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * What to scan and how. Fluent setters; the defaults scan every key of every primary with COUNT 1000
 * and no probes (just the names).
 */
public final class ScanOptions {
    public static final int DEFAULT_COUNT = 1000;

    private String match;
    private int count = DEFAULT_COUNT;
    private String type;
    private final Set<Probe> probes = EnumSet.noneOf(Probe.class);
    private Integer memorySamples;
    private boolean replicas;
    private Integer slot;
    private long rate;
    private long sampleKeys;
    private double samplePct;
    private Map<String, String> cursors = Map.of();
    private boolean allowScript = true;
    private BooleanSupplier stop = () -> false;

    /** SCAN MATCH pattern (Redis glob); null = every key. */
    public ScanOptions match(String pattern) {
        this.match = pattern == null || pattern.isEmpty() || pattern.equals("*") ? null : pattern;
        return this;
    }

    /** SCAN COUNT hint (default 1000). With scripts the engine may use less to keep each call short. */
    public ScanOptions count(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive");
        }
        this.count = count;
        return this;
    }

    /** SCAN TYPE filter (string, hash, list, set, zset, stream); null = all. */
    public ScanOptions type(String type) {
        this.type = type;
        return this;
    }

    public ScanOptions probes(Probe... probes) {
        this.probes.clear();
        this.probes.addAll(Set.of(probes));
        if (this.probes.contains(Probe.LENGTH)) {
            this.probes.add(Probe.TYPE);
        }
        return this;
    }

    /** MEMORY USAGE SAMPLES n (0 = every element, exact but slow on huge keys); null = server default (5). */
    public ScanOptions memorySamples(Integer samples) {
        this.memorySamples = samples;
        return this;
    }

    /** Scan one replica per primary (READONLY) instead of the primaries. */
    public ScanOptions replicas(boolean replicas) {
        this.replicas = replicas;
        return this;
    }

    /** At most this many keys per second in total (0 = unthrottled), shared between nodes. */
    public ScanOptions rate(long keysPerSecond) {
        this.rate = keysPerSecond;
        return this;
    }

    /** Stop after about N keys in total (shared between nodes by their DBSIZE); totals become estimates. */
    public ScanOptions sampleKeys(long n) {
        this.sampleKeys = n;
        return this;
    }

    /** Stop after P percent of each node's DBSIZE; totals become estimates. */
    public ScanOptions samplePct(double pct) {
        this.samplePct = pct;
        return this;
    }

    /** Resume: node address → cursor (as printed by {@link ScanSummary#resumeCursor()}). */
    public ScanOptions cursors(Map<String, String> cursors) {
        this.cursors = new LinkedHashMap<>(cursors);
        return this;
    }

    /** False forces pipelined probes even where EVAL is allowed (for tests and comparisons). */
    public ScanOptions allowScript(boolean allow) {
        this.allowScript = allow;
        return this;
    }

    /** Polled between batches; true stops the scan (e.g. {@code Interrupts::requested}). */
    public ScanOptions stopWhen(BooleanSupplier stop) {
        this.stop = stop;
        return this;
    }

    public String match() {
        return match;
    }

    public int count() {
        return count;
    }

    public String type() {
        return type;
    }

    public Set<Probe> probes() {
        return Set.copyOf(probes);
    }

    public boolean wants(Probe p) {
        return probes.contains(p);
    }

    public Integer memorySamples() {
        return memorySamples;
    }

    /**
     * Only the primary that serves {@code slot}: for patterns whose hash tag pins every match to one
     * slot ({@code user:{42}:*}); null for every primary.
     */
    public ScanOptions slot(Integer slot) {
        this.slot = slot;
        return this;
    }

    public Integer slot() {
        return slot;
    }

    public boolean replicas() {
        return replicas;
    }

    public long rate() {
        return rate;
    }

    public long sampleKeys() {
        return sampleKeys;
    }

    public double samplePct() {
        return samplePct;
    }

    public boolean sampled() {
        return sampleKeys > 0 || samplePct > 0;
    }

    public Map<String, String> cursors() {
        return cursors;
    }

    public boolean allowScript() {
        return allowScript;
    }

    public BooleanSupplier stop() {
        return stop;
    }

    /** Drops a probe the server refuses (the engine notes it in the summary). */
    ScanOptions without(Probe p) {
        probes.remove(p);
        return this;
    }
}
