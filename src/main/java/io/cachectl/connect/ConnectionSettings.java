package io.cachectl.connect;

import java.nio.file.Path;

/** Everything needed to reach the target; built from the global options and REDIS_URL. */
public record ConnectionSettings(
        RedisUrl url,
        Path caCert,
        boolean insecure,
        int connectTimeoutMs,
        int timeoutMs,
        ClusterMode clusterMode) {

    public enum ClusterMode { AUTO, CLUSTER, STANDALONE }

    public static ConnectionSettings of(RedisUrl url) {
        return new ConnectionSettings(url, null, false, 5000, 5000, ClusterMode.AUTO);
    }
}
