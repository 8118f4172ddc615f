package io.cachectl.doctor;

import io.cachectl.connect.Capabilities;
import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.Node;
import io.cachectl.connect.RedisUrl;
import io.cachectl.connect.Target;
import io.cachectl.effect.Ledger;
import io.cachectl.effect.SelfEffect;
import io.cachectl.error.CachectlException;
import io.cachectl.error.ExitCode;
import io.cachectl.output.Units;
import io.cachectl.stats.StatsReport;
import io.cachectl.stats.StatsService;
import io.cachectl.slo.Status;
import io.cachectl.slo.Thresholds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Slowlog;

/**
 * Gathers doctor's evidence — stats over a short window, the slow log when latency is the problem,
 * and the keyspace survey from {@link KeyspaceEvidence} — and applies {@link DoctorRules}.
 *
 * <p>Order matters: the traffic window is measured first, then the survey runs, so the survey's own
 * lookups (it reads TTLs) are never in the window judged. cachectl's earlier lookups recorded in the
 * self-effect ledger are subtracted from the window and from the lifetime counters. A quiet window is
 * never replaced silently: the report says so and judges the lifetime figure as such.
 */
public final class Doctor {
    /** Fewer lookups than this in the window: judge hit rate and evictions since start-up instead. */
    static final long MIN_WINDOW_LOOKUPS = 100;
    private static final int PINGS = 50;

    private final Target target;
    private final Thresholds thresholds;
    private final KeyspaceEvidence keyspace;
    private final Ledger ledger;

    public Doctor(Target target, Thresholds thresholds, KeyspaceEvidence keyspace) {
        this(target, thresholds, keyspace, null);
    }

    public Doctor(Target target, Thresholds thresholds, KeyspaceEvidence keyspace, Ledger ledger) {
        this.target = target;
        this.thresholds = thresholds;
        this.keyspace = keyspace;
        this.ledger = ledger;
    }

    /** Runs the checks; {@code interval} zero judges counters since start-up only. */
    public DoctorReport run(Duration interval) {
        // probed now, on the fresh start-up connection: after the interval that connection may have been
        // closed by the server's idle timeout, and the survey and slow log use new connections anyway
        target.capabilities();
        StatsService service = new StatsService(target, thresholds, ledger);
        Map<Node, StatsService.NodeSample> first = service.sample(PINGS);
        StatsReport chosen = service.report(first);
        List<String> notes = new ArrayList<>();
        Long windowLookups = null;
        if (!interval.isZero()) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CachectlException(ExitCode.INTERRUPTED, "interrupted");
            }
            Map<Node, StatsService.NodeSample> second = service.sample(PINGS);
            StatsReport window = service.report(first, second);
            windowLookups = window.total().traffic().hits() + window.total().traffic().misses();
            if (windowLookups >= MIN_WINDOW_LOOKUPS) {
                chosen = window;
            } else {
                chosen = service.report(second);
                notes.add("quiet window: only " + windowLookups + " lookups in the last " + interval.toSeconds()
                        + " s, too few to judge; hit rate and evictions are judged on the counters since start-up ("
                        + Units.seconds((long) chosen.window().seconds()) + ")"
                        + (chosen.subtracted().lookups() > 0 ? ", less cachectl's own lookups" : "")
                        + " — run `cachectl doctor --interval 30` while the application is busy");
            }
        } else {
            notes.add("--interval 0: hit rate and evictions are judged on the counters since start-up");
        }
        Optional<KeyspaceEvidence.Survey> survey;
        try {
            survey = keyspace.survey(target);
        } catch (CachectlException e) {
            if (e.exitCode() == ExitCode.INTERRUPTED) {
                throw e;
            }
            survey = Optional.of(failed(e.getMessage()));
        }
        SelfEffect self = SelfEffect.NONE;
        if (survey.isEmpty()) {
            notes.add("keyspace survey skipped (--sample 0): run `cachectl bigkeys` and `cachectl ttl-audit` for"
                    + " namespaces, keys over 1 MB and keys without TTL");
        } else {
            KeyspaceEvidence.Survey s = survey.get();
            self = s.selfEffect();
            if (s.error() != null) {
                notes.add("keyspace survey failed" + (s.keysScanned() > 0 ? " after " + s.keysScanned() + " keys" : "")
                        + ": " + s.error() + " — keyspace evidence is " + (s.keysScanned() > 0 ? "partial" : "missing"));
            }
            notes.addAll(s.notes());
            notes.add("the survey made " + self + " (PTTL per key read, TYPE of listed big keys) after the traffic"
                    + " was measured; later stats and doctor runs on this machine subtract them");
        }
        notes.addAll(chosen.notes());
        Optional<KeyspaceEvidence.Survey> usable = survey.filter(s -> s.error() == null || s.keysScanned() > 0);
        List<Diagnosis> diagnoses = DoctorRules.diagnose(chosen, this::serverEvidence, usable);
        return new DoctorReport(chosen.target(), true, chosen.mode(), chosen.version(), chosen.server(), chosen.window(), windowLookups,
                diagnoses.isEmpty(), chosen.targets(), diagnoses, survey.orElse(null), self, chosen.subtracted(), notes);
    }

    private static KeyspaceEvidence.Survey failed(String error) {
        return new KeyspaceEvidence.Survey(false, 0, 0, List.of(), List.of(), 0, 0, List.of(), SelfEffect.NONE,
                error, List.of());
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
        return new DoctorReport(url.masked(), false, null, null, null, null, null, false, List.of(), List.of(d), null,
                SelfEffect.NONE, SelfEffect.NONE, List.of());
    }
}
