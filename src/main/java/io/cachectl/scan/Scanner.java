package io.cachectl.scan;

import io.cachectl.connect.Capabilities;
import io.cachectl.connect.Info;
import io.cachectl.connect.Node;
import io.cachectl.connect.RedisErrors;
import io.cachectl.connect.Target;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.Jedis;

/**
 * The keyspace engine: SCANs every primary of a cluster in parallel (one connection per node; one
 * replica per primary with {@link ScanOptions#replicas(boolean)}), or the single server, and probes
 * each batch of keys.
 *
 * <p>Probing: where EVAL is allowed, a read-only Lua script (probe.lua, EVALSHA) does one SCAN step and
 * the requested TYPE / MEMORY USAGE / PTTL / length probes for the keys it found, inside the server:
 * the keys never travel to the client and back. The cursor space is split into 4 ranges, each scanned
 * by its own chain of calls, so that {@link NodeRun#DEPTH} calls can be in flight (the server never
 * waits for the client); each call is sized to take about {@value #TARGET_CALL_MS} ms of the server's
 * time. Otherwise SCAN then pipelined probes. The node's delivery thread hands finished batches to the
 * consumer. Every reply is read and checked: an error inside a script or pipeline (NOPERM, CROSSSLOT)
 * stops the scan and is reported with the cursors to resume from.
 *
 * <p>Usage: {@code ScanSummary s = new Scanner(target).run(options, (node, batch) -> ..., progress);}
 */
public final class Scanner {
    /** Aim for script calls of about this long: other clients wait at most that for their turn. */
    static final double TARGET_CALL_MS = 1.0;
    static final int MIN_BATCH = 32;
    static final byte[] SCRIPT = loadScript();

    private final Target target;

    public Scanner(Target target) {
        this.target = target;
    }

    /** The nodes a scan with {@code options} covers: every primary, or one replica of each. */
    public List<Node> nodes(ScanOptions options) {
        if (options.slot() != null && target.isCluster()) {
            List<Node> owner = target.primaries().stream().filter(n -> n.servesSlot(options.slot())).toList();
            if (owner.isEmpty()) {
                throw CachectlException.unavailable("no primary serves slot " + options.slot()
                        + " (cluster topology incomplete?)", null);
            }
            return owner;
        }
        if (!options.replicas()) {
            return target.primaries();
        }
        List<Node> replicas = target.replicas();
        if (!target.isCluster()) {
            if (replicas.isEmpty()) {
                throw CachectlException.usage("--replicas: " + target.primaries().get(0).address()
                        + " has no replicas to scan");
            }
            return List.of(replicas.get(0));
        }
        List<Node> chosen = new ArrayList<>();
        for (Node primary : target.primaries()) {
            Node replica = replicas.stream().filter(r -> primary.id().equals(r.primaryId())).findFirst()
                    .orElseThrow(() -> CachectlException.usage("--replicas: primary " + primary.address()
                            + " has no replica; scan the primaries instead"));
            chosen.add(replica);
        }
        return chosen;
    }

    /**
     * Scans with {@code options}, handing every batch to {@code consumer} (from one thread per node)
     * and stepping {@code progress} (its maximum is set to the keys expected). Returns when every node
     * is done, the stop condition fires (or the calling thread is interrupted), or a node fails; node
     * failures are reported in the summary (see {@link ScanSummary#failure()}), not thrown. Failures
     * before any scanning (connect, permissions for DBSIZE/INFO) throw.
     */
    public ScanSummary run(ScanOptions options, BatchConsumer consumer, Progress progress) {
        long started = System.nanoTime();
        if (options.sampled() && (options.match() != null || options.type() != null)) {
            throw CachectlException.usage("--sample/--sample-pct cannot be combined with --match or --type"
                    + " (the totals could not be extrapolated)");
        }
        List<Node> nodes = nodes(options);
        Map<Node, Start> startCursors = startCursors(nodes, options.cursors());
        Capabilities caps = target.capabilities();
        List<String> notes = Collections.synchronizedList(new ArrayList<>());
        Set<Probe> probes = options.probes().isEmpty() ? EnumSet.noneOf(Probe.class) : EnumSet.copyOf(options.probes());
        if (probes.contains(Probe.MEMORY) && !caps.allows(Capabilities.MEMORY)) {
            probes.remove(Probe.MEMORY);
            notes.add("MEMORY USAGE refused (" + caps.refusal(Capabilities.MEMORY) + "): sizes unavailable");
        }
        boolean script = !probes.isEmpty() && options.allowScript() && caps.allows(Capabilities.SCRIPTING);
        if (!probes.isEmpty() && options.allowScript() && !script) {
            notes.add("EVAL refused (" + caps.refusal(Capabilities.SCRIPTING)
                    + "): probing with pipelines instead of a server-side script (slower)");
        }
        boolean noTouch = caps.allows(Capabilities.NO_TOUCH);

        List<NodeRun> runs = open(nodes, startCursors, options, probes, script, noTouch, notes);
        if (options.type() != null && runs.stream().anyMatch(r -> !r.valkey)) {
            notes.add("--type: on Redis, SCAN's TYPE filter looks up every key it examines (about one keyspace hit"
                    + " per key in the database, not in self_effect; Valkey 8 does not count them)");
        }
        if (!options.cursors().isEmpty()) {
            notes.add(0, "resumed from --cursor: every total covers only the rest of the keyspace (the keys this run"
                    + " scanned), not the whole keyspace");
        }
        AtomicBoolean stop = new AtomicBoolean();
        boolean interrupted = false;
        try {
            long expected = plan(runs, options);
            progress.maxHint(expected);
            List<Thread> threads = new ArrayList<>();
            for (NodeRun r : runs) {
                Thread t = new Thread(() -> r.run(consumer, progress, stop), "cachectl-scan-" + r.node.address());
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                while (t.isAlive()) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        interrupted = true; // Ctrl-C: let every node finish its batch, then summarise
                        stop.set(true);
                    }
                }
            }
        } finally {
            runs.forEach(NodeRun::close);
        }
        interrupted |= options.stop().getAsBoolean();
        return summarize(runs, started, interrupted, options, noTouch, probes.contains(Probe.MEMORY), notes);
    }

    /** Where a node's scan starts: its cursor, and the server process and node it was saved on (or null). */
    record Start(String cursor, String runId, String savedOn) {
    }

    /**
     * Matches the nodes named in {@code --cursor} to the nodes scanned now: by address, else (after a
     * failover) by the shard's first slot, to whichever scanned node holds that shard now.
     */
    private Map<Node, Start> startCursors(List<Node> nodes, Map<String, String> given) {
        if (given.containsKey(Cursors.ANY) && nodes.size() > 1) {
            throw CachectlException.usage("--cursor: a cluster needs host:port=CURSOR for each node"
                    + " (as printed when the scan stopped)");
        }
        Map<Node, Start> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (e.getKey().equals(Cursors.ANY)) {
                continue;
            }
            Cursors.Key key = Cursors.Key.parse(e.getKey());
            Node node = nodes.stream().filter(n -> n.address().equals(key.address())).findFirst()
                    .or(() -> key.slot() < 0 ? java.util.Optional.empty()
                            : nodes.stream().filter(n -> slotsOf(n).stream()
                                    .anyMatch(r -> key.slot() >= r[0] && key.slot() <= r[1])).findFirst())
                    .orElseThrow(() -> CachectlException.usage("--cursor names " + key.address()
                            + (key.slot() >= 0 ? " (the shard of slot " + key.slot() + ")" : "")
                            + ", which is not one of the scanned nodes ("
                            + String.join(", ", nodes.stream().map(Node::address).toList()) + ")"));
            out.put(node, new Start(e.getValue(), key.runId(), key.address()));
        }
        for (Node n : nodes) {
            out.putIfAbsent(n, new Start(given.getOrDefault(Cursors.ANY, "0"), null, n.address()));
        }
        return out;
    }

    private List<NodeRun> open(List<Node> nodes, Map<Node, Start> cursors, ScanOptions options, Set<Probe> probes,
            boolean script, boolean noTouch, List<String> notes) {
        List<NodeRun> opened = Collections.synchronizedList(new ArrayList<>());
        try {
            Target.parallel(nodes, node -> {
                Jedis jedis = target.openForReads(node);
                NodeRun run;
                Info info;
                try {
                    // each node's own INFO: in a rolling upgrade, nodes of one cluster differ in layout
                    info = Info.parse(jedis.info());
                    String runId = shortRunId(info);
                    String cursor = cursorFor(node, cursors.get(node), runId, notes);
                    if (!node.isPrimary() && (!"up".equals(info.get("master_link_status", "up"))
                            || "1".equals(info.get("master_sync_in_progress", "0")))) {
                        notes.add("replica " + node.address() + " is not in sync with its primary (master_link_status:"
                                + info.get("master_link_status", "?") + "): its keys may differ from the primary's");
                    }
                    run = new NodeRun(node, jedis, cursor, KeyspaceLayout.of(info), slotsOf(node),
                            info.product(), options, probes, script);
                    run.runId = runId;
                    run.valkey = info.server().equals("valkey");
                    run.shardSlot = target.isCluster() ? slotsOf(node).stream().mapToInt(r -> r[0]).min().orElse(-1) : -1;
                } catch (RuntimeException e) {
                    jedis.close();
                    throw e instanceof CachectlException ? e : RedisErrors.map(e, node.address());
                }
                opened.add(run);
                try {
                    if (noTouch) {
                        jedis.sendCommand(Capabilities.command("CLIENT"), "NO-TOUCH", "ON");
                    }
                    if (script) {
                        run.sha = loadScript(jedis);
                    }
                    run.dbsize = jedis.dbSize();
                    run.hitsBefore = info.getLong("keyspace_hits", -1); // INFO, NO-TOUCH, SCRIPT LOAD, DBSIZE count none
                } catch (RuntimeException e) {
                    throw RedisErrors.map(e, node.address());
                }
                return run;
            });
        } catch (RuntimeException e) {
            opened.forEach(NodeRun::close);
            throw e;
        }
        List<NodeRun> ordered = new ArrayList<>();
        for (Node n : nodes) {
            opened.stream().filter(r -> r.node.equals(n)).findFirst().ifPresent(ordered::add);
        }
        return ordered;
    }

    private static String shortRunId(Info info) {
        String id = info.get("run_id");
        return id == null || id.length() < 8 ? id : id.substring(0, 8);
    }

    /**
     * The cursor {@code node} starts from. A SCAN cursor is a position in one server process's hash
     * tables (their hash seed is random per process), so a cursor saved on another process (a failover
     * promoted a replica, or the server restarted) cannot continue: that node is scanned from the start,
     * with a note, instead of silently missing or repeating keys.
     */
    private static String cursorFor(Node node, Start start, String now, List<String> notes) {
        String cursor = start.cursor();
        if (cursor.equals("0") || cursor.equals(Cursors.DONE) || start.runId() == null) {
            return cursor;
        }
        if (now != null && !now.equals(start.runId())) {
            notes.add(node.address() + " is not the server process the cursor was saved on ("
                    + (start.savedOn().equals(node.address()) ? "it restarted" : "it took over from " + start.savedOn())
                    + " since the scan stopped): a cursor does not carry over, so its shard is scanned from the start");
            return "0";
        }
        return cursor;
    }

    /** The slots {@code node} serves; for a replica, its primary's (where its keys are). */
    private List<int[]> slotsOf(Node node) {
        if (node.isPrimary() || node.primaryId() == null) {
            return node.slots() == null ? List.of() : node.slots();
        }
        return target.nodes().stream().filter(n -> node.primaryId().equals(n.id())).findFirst()
                .map(Node::slots).orElse(List.of());
    }

    /** Sets each node's sampling quota and throttle; returns the number of keys expected. */
    private static long plan(List<NodeRun> runs, ScanOptions options) {
        long total = runs.stream().mapToLong(r -> r.dbsize).sum();
        long expected = 0;
        for (NodeRun r : runs) {
            if (options.sampleKeys() > 0) {
                r.quota = total == 0 ? 0 : Math.max(1, Math.round((double) options.sampleKeys() * r.dbsize / total));
            } else if (options.samplePct() > 0) {
                r.quota = (long) Math.ceil(r.dbsize * options.samplePct() / 100.0);
            }
            if (options.rate() > 0) {
                r.rate = Math.max(1.0, (double) options.rate() / runs.size());
                r.maxCount = (int) Math.max(1, Math.min(r.maxCount, r.rate / 10));
                r.count = Math.min(r.count, r.maxCount);
            }
            expected += r.skip ? 0 : Math.min(r.quota, r.dbsize);
        }
        return expected;
    }

    private static ScanSummary summarize(List<NodeRun> runs, long started, boolean interrupted, ScanOptions options,
            boolean noTouch, boolean memory, List<String> notes) {
        List<NodeScan> nodes = new ArrayList<>();
        long keys = 0;
        long dbsize = 0;
        long vanished = 0;
        long changed = 0;
        long hits = 0;
        long misses = 0;
        long delta = 0;
        boolean completed = true;
        String error = null;
        boolean denied = false;
        for (NodeRun r : runs) {
            NodeScan n = r.result();
            nodes.add(n);
            keys += n.keysScanned();
            dbsize += n.dbsize();
            vanished += n.vanished();
            changed += n.typeChanged();
            hits += n.hitsAdded();
            misses += n.missesAdded();
            delta += Math.max(0, n.keyspaceHitsDelta());
            completed &= n.completed();
            if (error == null && n.error() != null) {
                error = n.error();
                denied = r.denied;
            }
        }
        boolean estimated = options.sampled() && !completed && keys > 0;
        double factor = estimated ? (double) dbsize / keys : 1.0;
        if (estimated) {
            notes.add(String.format(java.util.Locale.ROOT,
                    "sampled %,d of %,d keys: totals are estimates (x%.2f)", keys, dbsize, factor));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new ScanSummary(List.copyOf(nodes), keys, dbsize, vanished, changed, completed, interrupted, estimated,
                factor, hits, misses, delta, noTouch, memory, seconds, error, denied, List.copyOf(notes));
    }

    /** SCRIPT LOAD, so that calls send the SHA only; null (EVAL with the body) where refused. */
    private static byte[] loadScript(Jedis jedis) {
        try {
            return jedis.scriptLoad(SCRIPT);
        } catch (RuntimeException e) {
            if (RedisErrors.isRefusal(e)) {
                return null;
            }
            throw e;
        }
    }

    static long keyspaceHits(Jedis jedis) {
        return Info.parse(jedis.info("stats")).getLong("keyspace_hits", -1);
    }

    private static byte[] loadScript() {
        try (InputStream in = Scanner.class.getResourceAsStream("probe.lua")) {
            if (in == null) {
                throw new IllegalStateException("probe.lua missing from the jar");
            }
            // comments stripped: the body is sent with every call where SCRIPT LOAD is refused
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder();
            for (String line : text.split("\n")) {
                if (!line.startsWith("--")) {
                    sb.append(line).append('\n');
                }
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
