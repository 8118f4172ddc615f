package io.cachectl.connect;

import java.nio.file.Path;

/**
 * Everything needed to reach the target; built from the global options and REDIS_URL. With
 * {@code sentinel} set, {@code url} carries the credentials and database for the data nodes and is
 * aimed at the primary once the sentinels have named it ({@link Connector#open}).
 */
public record ConnectionSettings(
        RedisUrl url,
        Path caCert,
        boolean insecure,
        int connectTimeoutMs,
        int timeoutMs,
        ClusterMode clusterMode,
        SentinelUrl sentinel) {

    public enum ClusterMode { AUTO, CLUSTER, STANDALONE }

    public ConnectionSettings(RedisUrl url, Path caCert, boolean insecure, int connectTimeoutMs, int timeoutMs,
            ClusterMode clusterMode) {
        this(url, caCert, insecure, connectTimeoutMs, timeoutMs, clusterMode, null);
    }

    public static ConnectionSettings of(RedisUrl url) {
        return new ConnectionSettings(url, null, false, 5000, 5000, ClusterMode.AUTO);
    }

    /**
     * Settings for a URL as typed: {@code redis://}, {@code rediss://} or {@code redis-sentinel://} (its
     * {@code url} then points at the first sentinel until the primary is known).
     */
    public static ConnectionSettings parse(String text, Path caCert, boolean insecure, int connectTimeoutMs,
            int timeoutMs, ClusterMode clusterMode) {
        if (SentinelUrl.isSentinel(text)) {
            SentinelUrl s = SentinelUrl.parse(text);
            SentinelUrl.Address first = s.sentinels().get(0);
            return new ConnectionSettings(s.at(first.host(), first.port()), caCert, insecure, connectTimeoutMs,
                    timeoutMs, clusterMode, s);
        }
        return new ConnectionSettings(RedisUrl.parse(text), caCert, insecure, connectTimeoutMs, timeoutMs,
                clusterMode);
    }

    /** The same settings aimed at another server (the primary the sentinels named). */
    public ConnectionSettings withUrl(RedisUrl newUrl) {
        return new ConnectionSettings(newUrl, caCert, insecure, connectTimeoutMs, timeoutMs, clusterMode, sentinel);
    }

    /** The same settings with another user and password (for the data nodes; the sentinels' URL too). */
    public ConnectionSettings withCredentials(String user, String password) {
        RedisUrl u = new RedisUrl(url.tls(), url.host(), url.port(), user, password, url.db());
        SentinelUrl s = sentinel == null ? null
                : new SentinelUrl(sentinel.sentinels(), sentinel.master(), user, password, sentinel.db());
        return new ConnectionSettings(u, caCert, insecure, connectTimeoutMs, timeoutMs, clusterMode, s);
    }

    /**
     * The URL with its password in clear, percent-encoded: only for handing these settings on inside
     * the process (the shell's commands), never for printing.
     */
    public String secretUrl() {
        String info = url.user() == null && url.password() == null ? ""
                : enc(url.user() == null ? "" : url.user()) + (url.password() == null ? "" : ":" + enc(url.password())) + "@";
        if (sentinel != null) {
            return SentinelUrl.SCHEME + info + String.join(",", sentinel.sentinels().stream()
                    .map(SentinelUrl.Address::toString).toList()) + (sentinel.db() != 0 ? "/" + sentinel.db() : "")
                    + "?master=" + enc(sentinel.master());
        }
        return (url.tls() ? "rediss://" : "redis://") + info + url.hostPort() + (url.db() != 0 ? "/" + url.db() : "");
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The URL as users may see it (the sentinel URL for a Sentinel target), password masked. */
    public String masked() {
        return sentinel != null ? sentinel.masked() : url.masked();
    }
}
