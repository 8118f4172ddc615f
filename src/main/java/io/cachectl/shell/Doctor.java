package io.cachectl.shell;

import io.cachectl.connect.Capabilities;
import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.Node;
import io.cachectl.connect.RedisUrl;
import io.cachectl.connect.Target;
import io.cachectl.output.CachectlException;
import io.cachectl.output.ExitCode;
import io.cachectl.stats.StatsReport;
import io.cachectl.stats.StatsService;
import io.cachectl.targets.Status;
import io.cachectl.targets.Thresholds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Slowlog;

/**
 * Gathers doctor's evidence — stats over a short window (counters since start-up when the window
 * saw too little traffic), the slow log when latency is the problem, and the keyspace survey from
 * {@link KeyspaceEvidence} — and applies {@link DoctorRules}.
 */
public final class Doctor {
    /** Fewer lookups than this in the window: judge hit rate and evictions since start-up instead. */
    static final long MIN_WINDOW_LOOKUPS = 100;
    private static final int PINGS = 50;

    private final Target target;
    private final Thresholds thresholds;
    private final KeyspaceEvidence keyspace;

    public Doctor(Target target, Thresholds thresholds, KeyspaceEvidence keyspace) {
        this.target = target;
        this.thresholds = thresholds;
        this.keyspace = keyspace;
    }

    /** Runs the checks; {@code interval} zero judges counters since start-up only. */
    public DoctorReport run(Duration interval) {
        StatsService service = new StatsService(target, thresholds);
        Map<Node, StatsService.NodeSample> first = service.sample(PINGS);
        StatsReport lifetime = service.report(first);
        StatsReport chosen = lifetime;
        List<String> notes = new ArrayList<>();
        if (!interval.isZero()) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CachectlException(ExitCode.INTERRUPTED, "interrupted");
            }
            StatsReport window = service.report(first, service.sample(PINGS));
            long lookups = window.total().traffic().hits() + window.total().traffic().misses();
            if (lookups >= MIN_WINDOW_LOOKUPS) {
                chosen = window;
            } else {
                notes.add("only " + lookups + " lookups in the last " + interval.toSeconds()
                        + " s: hit rate and evictions are judged on counters since start-up");
            }
        }
        Optional<KeyspaceEvidence.Survey> survey = keyspace.survey(target);
        if (survey.isEmpty()) {
            notes.add("keyspace survey skipped (--sample 0): run `cachectl bigkeys` and `cachectl ttl-audit` for"
                    + " namespaces, keys over 1 MB and keys without TTL");
        }
        notes.addAll(chosen.notes());
        List<Diagnosis> diagnoses = DoctorRules.diagnose(chosen, this::serverEvidence, survey);
        return new DoctorReport(chosen.target(), true, chosen.mode(), chosen.version(), chosen.window(),
                diagnoses.isEmpty(), chosen.targets(), diagnoses, survey.orElse(null), notes);
    }

    private DoctorRules.ServerEvidence serverEvidence() {
        Map<Node, Long> blocked = target.onEach(target.primaries(),
                j -> io.cachectl.connect.Info.parse(j.info("clients")).getLong("blocked_clients"));
        long totalBlocked = blocked.values().stream().mapToLong(Long::longValue).sum();
        Capabilities caps = target.capabilities();
        if (!caps.allows(Capabilities.SLOWLOG)) {
            return new DoctorRules.ServerEvidence(totalBlocked, List.of(), caps.refusal(Capabilities.SLOWLOG));
        }
        List<String> lines = new ArrayList<>();
        target.onEach(target.primaries(), (Jedis j) -> j.slowlogGet(5)).forEach((node, logs) -> {
            for (Slowlog s : logs) {
                lines.add(node.address() + " " + s.getExecutionTime() / 1000.0 + " ms: "
                        + String.join(" ", s.getArgs().stream().limit(4).toList()));
            }
        });
        return new DoctorRules.ServerEvidence(totalBlocked, lines, null);
    }

    /** The report for a server that could not be reached: what was tried and what to check. */
    public static DoctorReport unreachable(ConnectionSettings s, CachectlException e) {
        RedisUrl url = s.url();
        List<String> evidence = new ArrayList<>();
        evidence.add("tried " + url.masked() + " (" + (url.tls() ? "TLS" : "plain TCP")
                + (url.tls() && s.caCert() != null ? ", CA " + s.caCert() : "")
                + (s.insecure() ? ", certificate NOT verified" : "") + ")");
        evidence.add("auth: " + (url.user() != null ? "ACL user " + url.user() : url.password() != null
                ? "password (requirepass)" : "none") + "; db " + url.db() + "; mode " + s.clusterMode()
                .name().toLowerCase());
        evidence.add("connect timeout " + s.connectTimeoutMs() + " ms, command timeout " + s.timeoutMs() + " ms");
        evidence.add("error: " + e.getMessage());
        List<String> next = new ArrayList<>();
        next.add("redis-cli -h " + url.host() + " -p " + url.port() + (url.tls() ? " --tls" : "") + " ping");
        next.add("check REDIS_URL / --url, that redis-server runs (systemctl status redis-server), the"
                + " firewall and the network");
        next.add("degrade gracefully: the application should serve from the database while the cache is down");
        Diagnosis d = new Diagnosis("unreachable", Status.FAIL, "cannot reach the cache at " + url.hostPort(),
                evidence, next);
        return new DoctorReport(url.masked(), false, null, null, null, false, List.of(), List.of(d), null, List.of());
    }
}
