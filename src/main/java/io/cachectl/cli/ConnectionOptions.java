package io.cachectl.cli;

import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.RedisUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/** The connection options every command takes. {@code --url} overrides REDIS_URL. */
public final class ConnectionOptions {
    @Option(names = {"-u", "--url"}, paramLabel = "URL",
            description = "Redis URL: redis://[user:password@]host:port[/db], rediss://… for TLS, or"
                    + " redis-sentinel://[user:password@]host:port[,host:port…][/db]?master=NAME"
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

    /** Settings from the options, falling back to REDIS_URL and the default URL. */
    public ConnectionSettings settings(Map<String, String> env) {
        String text = url != null ? url : env.getOrDefault("REDIS_URL", RedisUrl.DEFAULT);
        if (text.isBlank()) {
            text = RedisUrl.DEFAULT;
        }
        ConnectionSettings.ClusterMode mode = cluster == null ? ConnectionSettings.ClusterMode.AUTO
                : cluster ? ConnectionSettings.ClusterMode.CLUSTER : ConnectionSettings.ClusterMode.STANDALONE;
        return ConnectionSettings.parse(text, caCert, insecure, (int) connectTimeout.toMillis(),
                (int) timeout.toMillis(), mode);
    }
}
