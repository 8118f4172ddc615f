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

    /** The URL as users may see it (the sentinel URL for a Sentinel target), password masked. */
    public String masked() {
        return sentinel != null ? sentinel.masked() : url.masked();
    }
}
