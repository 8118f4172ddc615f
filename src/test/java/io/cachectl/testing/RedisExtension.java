package io.cachectl.testing;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension starting a Redis server or cluster once per test class (use on a static field):
 * <pre>{@code
 * @RegisterExtension static RedisExtension redis = RedisExtension.standalone(b -> b.maxmemory("10mb"));
 * @RegisterExtension static RedisExtension cluster = RedisExtension.cluster(3);
 * }</pre>
 * Started in {@code beforeAll}, stopped in {@code afterAll} of the class that started it ({@code @Nested}
 * classes share it).
 */
public final class RedisExtension implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<AutoCloseable> starter;
    private AutoCloseable running;
    private String owner;

    private RedisExtension(Supplier<AutoCloseable> starter) {
        this.starter = starter;
    }

    /** A default standalone server. */
    public static RedisExtension standalone() {
        return standalone(b -> { });
    }

    /** A standalone server configured by {@code customizer}. */
    public static RedisExtension standalone(Consumer<RedisServer.Builder> customizer) {
        return new RedisExtension(() -> {
            RedisServer.Builder builder = RedisServer.builder();
            customizer.accept(builder);
            return builder.start();
        });
    }

    /** A cluster of {@code primaries} primaries without replicas. */
    public static RedisExtension cluster(int primaries) {
        return cluster(primaries, 0, b -> { });
    }

    /** A cluster; see {@link RedisCluster#start(int, int, Consumer)}. */
    public static RedisExtension cluster(int primaries, int replicasPerPrimary,
                                         Consumer<RedisServer.Builder> customizer) {
        return new RedisExtension(() -> RedisCluster.start(primaries, replicasPerPrimary, customizer));
    }

    /** A primary, a replica and three sentinels; see {@link RedisSentinels}. */
    public static RedisExtension withSentinels() {
        return new RedisExtension(RedisSentinels::start);
    }

    /** The same with {@code password} required on the servers and the sentinels. */
    public static RedisExtension withSentinels(String password) {
        return new RedisExtension(() -> RedisSentinels.start(password));
    }

    /** @return the running Sentinel setup. */
    public RedisSentinels sentinels() {
        return running(RedisSentinels.class);
    }

    /** @return the running standalone server. */
    public RedisServer server() {
        return running(RedisServer.class);
    }

    /** @return the running cluster. */
    public RedisCluster cluster() {
        return running(RedisCluster.class);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (running == null) {
            running = starter.get();
            owner = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (running != null && context.getUniqueId().equals(owner)) {
            running.close();
            running = null;
        }
    }

    private <T> T running(Class<T> type) {
        if (!type.isInstance(running)) {
            throw new IllegalStateException("no running " + type.getSimpleName()
                    + " (register the extension on a static field and use the matching factory)");
        }
        return type.cast(running);
    }
}
