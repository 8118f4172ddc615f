package io.cachectl.cli;

import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.RedisUrl;
import io.cachectl.output.CachectlException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/** The connection options every command takes. {@code --url} overrides REDIS_URL. */
public final class ConnectionOptions {
    @Option(names = {"-u", "--url"}, paramLabel = "URL",
            description = "Redis URL: redis://[user:password@]host:port[/db] or rediss://… for TLS"
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

    /** Timeouts are sent to the socket as int milliseconds, and 0 there means "wait forever". */
    static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    static final Duration MAX_TIMEOUT = Duration.ofHours(24);

    /**
     * Settings from the options, falling back to REDIS_URL and the default URL. An empty {@code --url}
     * or an empty REDIS_URL is an error, never the default: it is how a missing variable looks in a
     * script, and quietly aiming at localhost then (say, with invalidate) is the worst outcome.
     */
    public ConnectionSettings settings(Map<String, String> env) {
        String text;
        if (url != null) {
            if (url.isBlank()) {
                throw CachectlException.usage("--url is empty: give the server's URL (redis://host:port), or leave"
                        + " --url out to use REDIS_URL" + (env.containsKey("REDIS_URL") ? "" : " or " + RedisUrl.DEFAULT));
            }
            text = url;
        } else if (env.containsKey("REDIS_URL")) {
            text = env.get("REDIS_URL");
            if (text.isBlank()) {
                throw CachectlException.usage("REDIS_URL is set but empty: set it to the server's URL, pass --url,"
                        + " or unset it to use " + RedisUrl.DEFAULT);
            }
        } else {
            text = RedisUrl.DEFAULT;
        }
        ConnectionSettings.ClusterMode mode = cluster == null ? ConnectionSettings.ClusterMode.AUTO
                : cluster ? ConnectionSettings.ClusterMode.CLUSTER : ConnectionSettings.ClusterMode.STANDALONE;
        return new ConnectionSettings(RedisUrl.parse(text), caCert, insecure, millis("--connect-timeout", connectTimeout),
                millis("--timeout", timeout), mode);
    }

    /** A timeout in whole milliseconds, 1 ms to 24 h: 0 (or less than 1 ms) would wait forever. */
    static int millis(String option, Duration d) {
        if (d.compareTo(MIN_TIMEOUT) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
            throw CachectlException.usage(option + " must be between 1ms and 24h (got "
                    + (d.toMillis() < 1 ? "less than 1ms: 0 would wait forever" : io.cachectl.output.Units.duration(d)) + ")");
        }
        return (int) d.toMillis();
    }
}
