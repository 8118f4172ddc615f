package io.cachectl.doctor;

import io.cachectl.output.Units;
import io.cachectl.stats.NodeStats;
import io.cachectl.stats.StatsReport;
import io.cachectl.slo.Status;
import io.cachectl.slo.TargetResult;
import io.cachectl.slo.Verdicts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The caching-layer guide's troubleshooting rules, as a pure function of the evidence: a stats report,
 * the server's own evidence (slow log, blocked clients; fetched only when latency needs it) and an
 * optional keyspace survey. Each diagnosis carries its evidence and the next command to run.
 */
public final class DoctorRules {
    static final double FRAGMENTATION_RATIO = 1.5;
    /** Below this much wasted RSS, a high ratio is the allocator's fixed overhead on a small data set. */
    static final long FRAGMENTATION_MIN_WASTE = 16L * 1024 * 1024;
    static final long BIG_KEY_BYTES = 1024L * 1024;
    static final long REALTIME_TTL_SECONDS = 300;

    /** Slow log and blocked clients; {@code slowlogRefusal} says why the slow log could not be read. */
    public record ServerEvidence(long blockedClients, List<String> slowlog, String slowlogRefusal) {
    }

    private DoctorRules() {
    }

    public static List<Diagnosis> diagnose(StatsReport r, Supplier<ServerEvidence> server,
            Optional<KeyspaceEvidence.Survey> survey) {
        List<Diagnosis> out = new ArrayList<>();
        NodeStats t = r.total();
        memory(r, t, survey).ifPresent(out::add);
        fragmentation(r).ifPresent(out::add);
        hitRate(r, t, survey).ifPresent(out::add);
        evictions(r, t).ifPresent(out::add);
        latency(r, t, server, survey).ifPresent(out::add);
        survey.ifPresent(s -> keyspaceOnly(r, s, out));
        out.sort((a, b) -> Integer.compare(rank(b.severity()), rank(a.severity())));
        return out;
    }

    private static Optional<Diagnosis> memory(StatsReport r, NodeStats t, Optional<KeyspaceEvidence.Survey> survey) {
        TargetResult m = target(r, Verdicts.MEMORY);
        NodeStats.Memory mem = t.memory();
        List<String> evidence = new ArrayList<>();
        List<String> next = new ArrayList<>();
        evidence.add("used_memory " + Units.bytes(mem.usedBytes()) + ", maxmemory "
                + (mem.maxmemoryBytes() > 0 ? Units.bytes(mem.maxmemoryBytes()) : "0 (no limit)")
                + ", policy " + mem.policy() + ", " + Units.count(keys(t)) + " keys"
                + (m.node() != null && r.nodes().size() > 1 ? ", fullest node " + m.node() : ""));
        if (mem.maxmemoryBytes() <= 0 && m.status() == Status.NA) {
            next.add("CONFIG SET maxmemory " + suggestMax(mem.usedBytes()) + "   (and maxmemory-policy allkeys-lru)");
            next.add("cachectl bigkeys");
            return Optional.of(new Diagnosis("no_maxmemory", Status.WARN,
                    "no maxmemory: Redis grows until the OS kills it, and nothing is ever evicted", evidence, next));
        }
        if (m.status() != Status.FAIL && m.status() != Status.WARN) {
            return Optional.empty();
        }
        addWhereTheMemoryIs(survey, evidence, next);
        next.add("CONFIG SET maxmemory " + suggestMax(Math.max(mem.maxmemoryBytes(), mem.usedBytes()))
                + "   (if the host has room)");
        return Optional.of(new Diagnosis(Verdicts.MEMORY, m.status(), m.reason(), evidence, next));
    }

    private static void addWhereTheMemoryIs(Optional<KeyspaceEvidence.Survey> survey, List<String> evidence,
            List<String> next) {
        if (survey.isPresent()) {
            KeyspaceEvidence.Survey s = survey.get();
            s.topNamespaces().stream().limit(3).forEach(n -> evidence.add("namespace " + n.namespace() + ": "
                    + Units.bytes(n.bytes()) + " in " + Units.count(n.keys()) + " key" + (n.keys() == 1 ? "" : "s")
                    + " " + s.scope()));
            evidence.addAll(bigKeyEvidence(s));
            if (s.noTtlBytes() > 0) {
                evidence.add(Units.count(s.noTtlKeys()) + " keys without TTL hold " + Units.bytes(s.noTtlBytes())
                        + " " + s.scope());
            }
        }
        next.add("cachectl bigkeys          (where the memory goes; keys over 1 MB)");
        next.add("cachectl ttl-audit        (keys that never expire)");
    }

    /**
     * Keys over 1 MB as the survey found them: "the largest" only when every key was read; from a
     * sample, the keys found in it, and that keys outside it were not read.
     */
    static List<String> bigKeyEvidence(KeyspaceEvidence.Survey s) {
        List<String> out = new ArrayList<>();
        List<KeyspaceEvidence.BigKey> big = s.keysOver1Mb();
        if (big.isEmpty()) {
            if (s.sampled()) {
                out.add("no key over 1 MB " + s.scope() + " (keys outside the sample were not read)");
            }
            return out;
        }
        KeyspaceEvidence.BigKey first = big.get(0);
        String first1 = first.key() + " (" + Units.bytes(first.bytes()) + ")";
        if (s.sampled()) {
            out.add(Units.count(big.size()) + " key" + (big.size() == 1 ? "" : "s") + " over 1 MB " + s.scope()
                    + ", biggest of those " + first1 + "; keys outside the sample were not read — larger ones may"
                    + " exist (cachectl bigkeys reads them all)");
        } else {
            out.add(Units.count(big.size()) + " key" + (big.size() == 1 ? "" : "s") + " over 1 MB, largest " + first1);
        }
        return out;
    }

    private static Optional<Diagnosis> fragmentation(StatsReport r) {
        for (NodeStats n : r.nodes()) {
            NodeStats.Memory m = n.memory();
            long waste = m.rssBytes() - m.usedBytes();
            if ("primary".equals(n.role()) && m.fragmentationRatio() > FRAGMENTATION_RATIO
                    && waste >= FRAGMENTATION_MIN_WASTE) {
                List<String> evidence = List.of(String.format(Locale.ROOT,
                        "%s: mem_fragmentation_ratio %.2f (rss %s for %s of data: %s not reusable)", n.node(),
                        m.fragmentationRatio(), Units.bytes(m.rssBytes()), Units.bytes(m.usedBytes()),
                        Units.bytes(waste)));
                return Optional.of(new Diagnosis("fragmentation", Status.WARN, String.format(Locale.ROOT,
                        "memory fragmentation %.2f > %.1f: the process holds far more memory than the data needs",
                        m.fragmentationRatio(), FRAGMENTATION_RATIO), evidence,
                        List.of("CONFIG SET activedefrag yes   (jemalloc builds; defragments online)",
                                "MEMORY DOCTOR", "restart a replica and fail over, if defrag is not available")));
            }
        }
        return Optional.empty();
    }

    private static Optional<Diagnosis> hitRate(StatsReport r, NodeStats t, Optional<KeyspaceEvidence.Survey> survey) {
        TargetResult h = target(r, Verdicts.HIT_RATE);
        if (h.status() != Status.FAIL && h.status() != Status.WARN) {
            return Optional.empty();
        }
        NodeStats.Evictions ev = t.evictions();
        List<String> evidence = new ArrayList<>();
        List<String> next = new ArrayList<>();
        long misses = t.traffic().misses();
        evidence.add(Units.count(t.traffic().hits()) + " hits, " + Units.count(misses) + " misses " + window(r));
        // each eviction or expiry can explain at most one later miss; whatever they cannot explain were
        // keys never cached, deleted (invalidation) or not reused
        long byEviction = Math.min(ev.evictedKeys(), misses);
        long byExpiry = Math.min(ev.expiredKeys(), misses);
        long unexplained = Math.max(0, misses - byEviction - byExpiry);
        evidence.add(Units.count(ev.evictedKeys()) + " keys evicted and " + Units.count(ev.expiredKeys())
                + " expired in the same window: evictions can explain at most " + share(byEviction, misses)
                + " of the misses, expirations at most " + share(byExpiry, misses) + ", and at least "
                + share(unexplained, misses) + " were keys never cached or deleted");
        String biggest = unexplained >= byEviction && unexplained >= byExpiry ? "cold"
                : byEviction >= byExpiry ? "evictions" : "expirations";
        switch (biggest) {
            case "evictions" -> {
                evidence.add("biggest share: evictions — keys are pushed out by memory pressure before they are"
                        + " read again");
                next.add("CONFIG GET maxmemory*   (memory too small for the working set)");
            }
            case "expirations" -> {
                evidence.add("biggest share: expirations — TTLs may be shorter than the time between reads");
                next.add("cachectl ttl-audit        (TTL classes per namespace)");
            }
            default -> {
                evidence.add("biggest share: keys that were never cached or were deleted (cold cache,"
                        + " invalidation, or data that is not reused)");
                next.add("cachectl warm FILE        (pre-warm the common keys)");
            }
        }
        survey.ifPresent(s -> s.ttlClasses().stream()
                .filter(c -> c.medianTtlSeconds() != null && c.medianTtlSeconds() <= REALTIME_TTL_SECONDS)
                .limit(3)
                .forEach(c -> evidence.add("namespace " + c.namespace() + ": median TTL at most "
                        + Units.seconds(c.medianTtlSeconds()) + " (real-time class) " + s.scope()
                        + " — too short unless the data really changes that often")));
        next.add("cachectl stats --interval 10   (hit rate now, not since start-up)");
        return Optional.of(new Diagnosis(Verdicts.HIT_RATE, h.status(), h.reason(), evidence, next));
    }

    private static Optional<Diagnosis> evictions(StatsReport r, NodeStats t) {
        TargetResult e = target(r, Verdicts.EVICTION_RATE);
        if (e.status() != Status.FAIL && e.status() != Status.WARN) {
            return Optional.empty();
        }
        NodeStats.Memory m = t.memory();
        List<String> evidence = new ArrayList<>();
        evidence.add(Units.count(t.evictions().evictedKeys()) + " keys evicted for "
                + Units.count(t.traffic().hits() + t.traffic().misses()) + " lookups " + window(r));
        evidence.add("maxmemory " + (m.maxmemoryBytes() > 0 ? Units.bytes(m.maxmemoryBytes()) : "0") + ", used "
                + Units.bytes(m.usedBytes()) + ", policy " + m.policy());
        List<String> next = new ArrayList<>();
        next.add("CONFIG SET maxmemory " + suggestMax(Math.max(m.maxmemoryBytes(), m.usedBytes()))
                + "   (memory is too small for the working set)");
        if (m.policy() != null && !m.policy().startsWith("allkeys-")) {
            evidence.add("policy " + m.policy() + " only evicts keys with a TTL (or refuses writes)");
            next.add("CONFIG SET maxmemory-policy allkeys-lru   (the guide's policy for caches)");
        }
        next.add("cachectl bigkeys          (what fills the memory)");
        return Optional.of(new Diagnosis(Verdicts.EVICTION_RATE, e.status(), e.reason(), evidence, next));
    }

    private static Optional<Diagnosis> latency(StatsReport r, NodeStats t, Supplier<ServerEvidence> server,
            Optional<KeyspaceEvidence.Survey> survey) {
        TargetResult l = target(r, Verdicts.LATENCY);
        if (l.status() != Status.FAIL && l.status() != Status.WARN) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(String.format(Locale.ROOT, "PING round trips: avg %s, p99 %s, max %s",
                Units.ms(t.latency().avgMs()), Units.ms(t.latency().p99Ms()), Units.ms(t.latency().maxMs())));
        ServerEvidence s = server.get();
        evidence.add(s.blockedClients() + " blocked client(s)" + (s.blockedClients() > 0
                ? " (BLPOP/WAIT/… — a blocked client is not slow, but many point at a stalled producer)" : ""));
        if (s.slowlogRefusal() != null) {
            evidence.add("slow log not available: " + s.slowlogRefusal());
        } else if (s.slowlog().isEmpty()) {
            evidence.add("slow log is empty: the time is spent outside command execution (network, CPU, swap,"
                    + " fork for persistence)");
        } else {
            s.slowlog().forEach(line -> evidence.add("slow log: " + line));
        }
        survey.ifPresent(sv -> sv.keysOver1Mb().stream().limit(3).forEach(k -> evidence.add("big key "
                + k.key() + " (" + Units.bytes(k.bytes()) + "): reading or deleting it blocks the server")));
        List<String> next = List.of("SLOWLOG GET 10", "cachectl bigkeys          (big values are slow to read)",
                "INFO clients", "cachectl stats --interval 10");
        return Optional.of(new Diagnosis(Verdicts.LATENCY, l.status(), l.reason(), evidence, next));
    }

    /** Findings that only a keyspace survey can make, whatever the targets say. */
    private static void keyspaceOnly(StatsReport r, KeyspaceEvidence.Survey s, List<Diagnosis> out) {
        if (!s.keysOver1Mb().isEmpty() && out.stream().noneMatch(d -> d.rule().equals(Verdicts.MEMORY))) {
            List<String> evidence = new ArrayList<>(bigKeyEvidence(s));
            s.keysOver1Mb().stream().limit(5).forEach(k -> evidence.add(k.key() + " (" + (k.type() == null ? "" :
                    k.type() + ", ") + Units.bytes(k.bytes()) + ")" + (k.node() != null ? " on " + k.node() : "")));
            out.add(new Diagnosis("big_keys", Status.WARN, s.keysOver1Mb().size() + " key(s) over 1 MB "
                    + s.scope() + ": the guide says objects that large should not be cached", evidence,
                    List.of("cachectl bigkeys --json   (all of them)", "compress or split the values, or stop caching them")));
        }
        long keys = 0;
        long expires = 0;
        for (NodeStats.Keyspace k : r.total().keyspace()) {
            keys += k.keys();
            expires += k.expires();
        }
        long noTtl = Math.max(0, keys - expires);
        if (noTtl > 0 || s.noTtlKeys() > 0) {
            List<String> evidence = new ArrayList<>();
            evidence.add(Units.count(noTtl) + " of " + Units.count(keys) + " keys on the server have no TTL"
                    + " (INFO keyspace: keys − expires, exact)");
            if (s.keysScanned() > 0) {
                evidence.add(Units.count(s.noTtlKeys()) + " of the " + Units.count(s.keysScanned()) + " keys read"
                        + (s.sampled() ? " (a sample)" : "") + " have no TTL and hold " + Units.bytes(s.noTtlBytes()));
            }
            out.add(new Diagnosis("no_ttl", Status.WARN, Units.count(noTtl) + " keys have no TTL: they never"
                    + " expire and only eviction removes them", evidence,
                    List.of("cachectl ttl-audit        (which namespaces)", "set a TTL of the guide's class when writing")));
        }
    }

    private static String share(long part, long whole) {
        return whole == 0 ? "0 %" : Units.decimal(100.0 * part / whole, 1) + " % (" + Units.count(part) + ")";
    }

    private static TargetResult target(StatsReport r, String name) {
        return r.targets().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    }

    private static long keys(NodeStats t) {
        return t.keyspace().stream().mapToLong(NodeStats.Keyspace::keys).sum();
    }

    private static String window(StatsReport r) {
        return "interval".equals(r.window().kind())
                ? "in the last " + Units.decimal(r.window().seconds(), 1) + " s"
                : "since start-up (" + Units.seconds((long) r.window().seconds()) + ")";
    }

    /** Twice the figure, rounded up to whole MB, as a CONFIG SET value. */
    static String suggestMax(long bytes) {
        long mb = Math.max(64, (bytes * 2 + (1 << 20) - 1) >> 20);
        return mb >= 4096 && mb % 1024 == 0 ? mb / 1024 + "gb" : mb + "mb";
    }

    private static int rank(Status s) {
        return s == Status.FAIL ? 2 : s == Status.WARN ? 1 : 0;
    }
}
