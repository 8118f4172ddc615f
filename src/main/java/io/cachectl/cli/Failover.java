package io.cachectl.cli;

import io.cachectl.connect.Target;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.error.ExitCode;
import java.time.Duration;

/**
 * Follows a Sentinel target's primary across a failover, for the commands that run on (stats --watch,
 * the shell): the sentinels are asked again, the new primary is opened and the switch is said on
 * stderr. Targets not found through sentinels are returned as they are.
 */
public final class Failover {
    private Failover() {
    }

    /**
     * The target to use now: {@code current}, or a newly opened one when the sentinels name another
     * primary ({@code current} is then closed). Sentinels that do not answer leave {@code current} in use.
     */
    public static Target follow(Target current, Console console) {
        if (current.sentinels() == null) {
            return current;
        }
        String moved;
        try {
            moved = current.movedPrimary();
        } catch (CachectlException e) {
            return current;
        }
        if (moved == null) {
            return current;
        }
        Target next;
        try {
            next = current.reopen();
        } catch (CachectlException e) {
            return current; // mid-failover: the next round tries again
        }
        announce(console, current, next);
        current.close();
        return next;
    }

    /**
     * After {@code failure} on a Sentinel target: asks the sentinels until they name a primary that
     * answers, for up to {@code limit}; rethrows {@code failure} for other targets or when time is up.
     */
    public static Target recover(Target current, Console console, CachectlException failure, Duration limit) {
        if (current.sentinels() == null || failure.exitCode() != ExitCode.UNAVAILABLE) {
            throw failure;
        }
        console.warn("lost the primary " + primary(current) + " of '" + current.sentinels().master() + "' ("
                + failure.getMessage() + "); waiting up to " + limit.toSeconds() + " s for the sentinels to name one");
        long deadline = System.nanoTime() + limit.toNanos();
        CachectlException last = failure;
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CachectlException(ExitCode.INTERRUPTED, "interrupted");
            }
            try {
                Target next = current.reopen();
                if (!primary(next).equals(primary(current))) {
                    announce(console, current, next);
                } else {
                    console.note("primary " + primary(next) + " answers again");
                }
                current.close();
                return next;
            } catch (CachectlException e) {
                last = e;
            }
        }
        throw CachectlException.unavailable("no primary for '" + current.sentinels().master() + "' within "
                + limit.toSeconds() + " s: " + last.getMessage(), last);
    }

    private static void announce(Console console, Target from, Target to) {
        console.warn("failover: the primary of '" + to.sentinels().master() + "' moved from " + primary(from) + " to "
                + primary(to) + " (named by the sentinels); following it");
    }

    private static String primary(Target t) {
        return t.nodes().get(0).address();
    }
}
