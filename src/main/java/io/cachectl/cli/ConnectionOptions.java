package io.cachectl.cli;

import io.cachectl.input.DurationConverter;

import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.RedisUrl;
import io.cachectl.error.CachectlException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import io.cachectl.config.NamedTarget;
import io.cachectl.output.Console;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The connection options every command takes. {@code --url} overrides REDIS_URL. */
public final class ConnectionOptions {
    @Option(names = {"-u", "--url"}, paramLabel = "URL",
            description = "Redis URL: redis://[user:password@]host:port[/db], rediss://… for TLS,"
                    + " or through Sentinel: redis-sentinel://[user:pw@]host:port[,…][/db]?master=NAME"
                    + " (default: $REDIS_URL, else " + RedisUrl.DEFAULT + ").")
    String url;

    @Option(names = "--tls-ca-cert", paramLabel = "FILE", description = "PEM file of the CA that signed the server's certificate.")
    Path caCert;

    @Option(names = "--insecure", description = "TLS without certificate or hostname verification (warns).")
    boolean insecure;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class, description = "Connect timeout (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class, description = "Command timeout (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--cluster", negatable = true,
            description = "Force cluster mode (--cluster) or single-server mode (--no-cluster); detected from INFO by default.")
    Boolean cluster;

    @Option(names = "--target", paramLabel = "NAME",
            description = "Named target from the config file (see 'cachectl targets'; default: $CACHECTL_TARGET).")
    String target;

    @Option(names = "--user", paramLabel = "USER", description = "ACL user (overrides the URL's and the target's).")
    String user;

    @Option(names = "--askpass", description = "Ask for the password (not echoed; read from stdin when not a terminal),"
            + " as redis-cli --askpass. Without it: the URL's, the target's password_command, $REDISCLI_AUTH.")
    boolean askpass;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private Endpoints.Resolved resolved;

    /** Settings from the options, falling back to REDIS_URL and the default URL (no --askpass prompt). */
    public ConnectionSettings settings(Map<String, String> env) {
        return settings(env, null);
    }

    /** Settings from the options; --askpass asks on this console. */
    public ConnectionSettings settings(Console console) {
        return settings(console.env(), console);
    }

    /**
     * Precedence: --url, --target, CACHECTL_TARGET, REDIS_URL, the config's default target, localhost.
     * A named target's TLS, timeout and cluster settings apply unless given on the command line.
     */
    private ConnectionSettings settings(Map<String, String> env, Console console) {
        // in the shell --url has the shell's target as its default value: an explicit --target still wins
        String urlNow = url != null && target != null && given("--target") && !given("--url") ? null : url;
        resolved = Endpoints.resolve(urlNow, target, env, console);
        NamedTarget t = resolved.target();
        Path ca = caCert != null || t == null || t.tlsCaCert() == null ? caCert : Path.of(t.tlsCaCert());
        boolean insecureNow = insecure || t != null && Boolean.TRUE.equals(t.insecure());
        Duration connect = t == null || t.connectTimeout() == null || given("--connect-timeout") ? connectTimeout
                : configDuration("connect_timeout", t.connectTimeout());
        Duration command = t == null || t.timeout() == null || given("--timeout") ? timeout
                : configDuration("timeout", t.timeout());
        Boolean clusterNow = cluster != null || t == null ? cluster : t.cluster();
        ConnectionSettings.ClusterMode mode = clusterNow == null ? ConnectionSettings.ClusterMode.AUTO
                : clusterNow ? ConnectionSettings.ClusterMode.CLUSTER : ConnectionSettings.ClusterMode.STANDALONE;
        ConnectionSettings s = ConnectionSettings.parse(resolved.text(), ca, insecureNow,
                millis("--connect-timeout", connect), millis("--timeout", command), mode);
        String userNow = user != null ? user : s.url().user() != null ? s.url().user() : t == null ? null : t.user();
        String password = Endpoints.password(askpass, s.url().password(), resolved, env, console,
                (userNow == null ? "" : userNow + "@") + (resolved.name() != null ? resolved.name()
                        : s.sentinel() != null ? s.sentinel().master() : s.url().hostPort()));
        return userNow == null && password == null || java.util.Objects.equals(userNow, s.url().user())
                && java.util.Objects.equals(password, s.url().password()) ? s : s.withCredentials(userNow, password);
    }

    /** Settings of the named target {@code name} with default options (the shell's {@code connect NAME}). */
    public static ConnectionSettings named(String name, Console console) {
        ConnectionOptions o = new ConnectionOptions();
        o.target = name;
        o.connectTimeout = Duration.ofSeconds(5);
        o.timeout = Duration.ofSeconds(5);
        return o.settings(console);
    }

    /** The named target's entry the last {@link #settings} call used, or null. */
    public NamedTarget namedTarget() {
        return resolved == null ? null : resolved.target();
    }

    /** The named target the last {@link #settings} call used, or null. */
    public String targetName() {
        return resolved == null ? null : resolved.name();
    }

    private Duration configDuration(String key, String text) {
        try {
            return io.cachectl.input.Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw io.cachectl.error.CachectlException.usage("target '" + resolved.name() + "': " + key + " = '" + text
                    + "': " + e.getMessage());
        }
    }

    private boolean given(String option) {
        try {
            return mixee != null && mixee.commandLine() != null && mixee.commandLine().getParseResult() != null
                    && mixee.commandLine().getParseResult().hasMatchedOption(option);
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Timeouts are sent to the socket as int milliseconds, and 0 there means "wait forever". */
    static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    static final Duration MAX_TIMEOUT = Duration.ofHours(24);

    /** A timeout in whole milliseconds, 1 ms to 24 h: 0 (or less than 1 ms) would wait forever. */
    static int millis(String option, Duration d) {
        if (d.compareTo(MIN_TIMEOUT) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
            throw CachectlException.usage(option + " must be between 1ms and 24h (got "
                    + (d.toMillis() < 1 ? "less than 1ms: 0 would wait forever" : io.cachectl.output.Units.duration(d)) + ")");
        }
        return (int) d.toMillis();
    }
}
