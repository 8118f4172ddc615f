package io.cachectl.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.Jedis;

/**
 * Waits on a condition instead of a fixed sleep: a test that sleeps "long enough for the command to
 * start" is flaky on a loaded machine and slow on an idle one. The conditions are read from the real
 * server: its command counters (INFO commandstats) and its client list.
 */
public final class Await {
    private Await() {
    }

    /** Polls {@code condition} every 5 ms until it holds; fails the test naming {@code what} after {@code limit}. */
    public static void until(String what, Duration limit, BooleanSupplier condition) {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("gave up after " + limit.toMillis() + " ms waiting for: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }

    /**
     * How many times {@code s} has executed these commands (INFO commandstats, subcommands as
     * {@code memory|usage}), scripted calls included; 0 when the server cannot be asked.
     */
    public static long calls(RedisServer s, String... commands) {
        try (Jedis j = s.jedis()) {
            String stats = j.info("commandstats");
            long sum = 0;
            for (String c : commands) {
                String field = "cmdstat_" + c + ":calls=";
                int at = stats.indexOf(field);
                if (at >= 0) {
                    int from = at + field.length();
                    int to = from;
                    while (to < stats.length() && Character.isDigit(stats.charAt(to))) {
                        to++;
                    }
                    sum += Long.parseLong(stats.substring(from, to));
                }
            }
            return sum;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Waits (at most 30 s) until {@code s} has executed {@code atLeast} of these commands in all. */
    public static void calls(RedisServer s, long atLeast, String... commands) {
        until(atLeast + " calls of " + String.join("/", commands) + " on " + s, Duration.ofSeconds(30),
                () -> calls(s, commands) >= atLeast);
    }

    /** Whether a client named {@code cachectl} is connected to {@code s}. */
    public static boolean cachectlConnected(RedisServer s) {
        return cachectlClient(s, line -> true);
    }

    /** Whether a client named {@code cachectl} is connected to {@code s} and its last command was {@code cmd}. */
    public static boolean cachectlRan(RedisServer s, String cmd) {
        return cachectlClient(s, line -> line.contains(" cmd=" + cmd + " "));
    }

    private static boolean cachectlClient(RedisServer s, java.util.function.Predicate<String> line) {
        try (Jedis j = s.jedis()) {
            for (String client : j.clientList().split("\n")) {
                if (client.contains(" name=cachectl ") && line.test(client)) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
