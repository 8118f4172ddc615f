package io.cachectl.connect;

import io.cachectl.error.CachectlException;
import io.cachectl.error.ExitCode;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** Turns Jedis failures into one-line messages with a hint, and the exit code they deserve. */
public final class RedisErrors {
    private RedisErrors() {
    }

    /** True when a server error reply means "you may not / this server does not do that". */
    public static boolean isRefusal(Throwable e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.startsWith("NOPERM") || m.startsWith("ERR unknown command") || m.contains("unknown subcommand")
                || m.startsWith("ERR DEBUG command not allowed") || m.contains("is disabled")
                || m.contains("not allowed");
    }

    /**
     * Maps a failure talking to {@code where} (host:port) to an exit-3 error, or {@code code} for
     * failures that happen after work began (e.g. {@link ExitCode#PARTIAL}).
     */
    public static CachectlException map(Throwable e, String where, int code) {
        if (e instanceof CachectlException ce) {
            return ce;
        }
        return new CachectlException(code, describe(e, where), e);
    }

    public static CachectlException map(Throwable e, String where) {
        return map(e, where, ExitCode.UNAVAILABLE);
    }

    /** One line naming what failed and what to try. */
    public static String describe(Throwable e, String where) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (msg.startsWith("NOPERM")) {
            return "permission denied on " + where + ": " + firstLine(msg)
                    + " (grant the ACL user the command, or use a user that has it)";
        }
        if (e instanceof JedisAccessControlException || msg.startsWith("WRONGPASS") || msg.startsWith("NOAUTH")
                || msg.startsWith("ERR AUTH") || msg.contains("invalid password")) {
            return "authentication failed on " + where + ": " + firstLine(msg)
                    + " (check the user and password in REDIS_URL / --url)";
        }
        if (e instanceof JedisConnectionException) {
            for (Throwable c : causes(e)) {
                if (c instanceof ConnectException) {
                    return "cannot connect to " + where + ": connection refused"
                            + " (is redis-server running? check REDIS_URL)";
                }
                if (c instanceof SocketTimeoutException) {
                    return "cannot reach " + where + ": timed out"
                            + " (check host, port and firewall; adjust --connect-timeout / --timeout)";
                }
                if (c instanceof UnknownHostException) {
                    return "cannot connect to " + where + ": unknown host (check the host name in REDIS_URL)";
                }
                if (c instanceof NoRouteToHostException) {
                    return "cannot connect to " + where + ": no route to host (check the network)";
                }
                if (c instanceof SSLException) {
                    return "TLS failure with " + where + ": " + firstLine(c.getMessage())
                            + " (check --tls-ca-cert; --insecure skips verification; is the port TLS?)";
                }
            }
            if (msg.contains("Unexpected end of stream") || socketSaid(e, "Connection reset", "Broken pipe")) {
                return "connection to " + where + " closed by the server"
                        + " (is it shutting down or restarting? was the connection killed, or idle past its timeout?)";
            }
            // Jedis wraps the socket's exception as its message ("java.net.SocketException: …"): the
            // user gets what happened, not the Java class that said it
            return "connection to " + where + " failed: " + firstLine(msg).replaceFirst("^(?:[a-z]\\w*\\.)+\\w+: ", "")
                    + " (check REDIS_URL and the server)";
        }
        if (e instanceof JedisDataException) {
            return "server " + where + " answered: " + firstLine(msg);
        }
        return "failed talking to " + where + ": " + firstLine(msg);
    }

    /**
     * A failure of the very first command on a new connection: there a closed connection or a
     * timeout often means the wrong protocol — a TLS port reached with redis://, or a plain port
     * with rediss:// (the handshake then waits for a reply that never comes).
     */
    public static CachectlException mapFirstContact(Throwable e, String where, boolean tls) {
        if (!(e instanceof CachectlException) && e instanceof JedisConnectionException) {
            String msg = e.getMessage() == null ? "" : e.getMessage();
            boolean timeout = causes(e).stream().anyMatch(c -> c instanceof SocketTimeoutException);
            boolean refused = causes(e).stream().anyMatch(c -> c instanceof ConnectException);
            if (tls && timeout && !refused) {
                return new CachectlException(ExitCode.UNAVAILABLE, "TLS handshake with " + where + " timed out:"
                        + " the server did not answer it (is this a plain-text port? then use redis://)", e);
            }
            if (!tls && (msg.contains("Unexpected end of stream") || socketSaid(e, "Connection reset"))) {
                return new CachectlException(ExitCode.UNAVAILABLE, "connection to " + where + " closed by the server"
                        + " at the first command (a TLS port reached with redis://? try rediss://; or the server"
                        + " is shutting down, or maxclients is reached)", e);
            }
        }
        return map(e, where);
    }

    /** Whether a SocketException in {@code e}'s causes says one of {@code messages} (the peer dropped the connection). */
    private static boolean socketSaid(Throwable e, String... messages) {
        return causes(e).stream().anyMatch(c -> c instanceof java.net.SocketException
                && java.util.Arrays.stream(messages).anyMatch(String.valueOf(c.getMessage())::contains));
    }

    /** The cause chain, including suppressed exceptions (Jedis keeps per-address failures there). */
    private static java.util.List<Throwable> causes(Throwable e) {
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>(java.util.List.of(e));
        while (!todo.isEmpty() && all.size() < 20) {
            Throwable t = todo.poll();
            all.add(t);
            if (t.getCause() != null && t.getCause() != t) {
                todo.add(t.getCause());
            }
            todo.addAll(java.util.Arrays.asList(t.getSuppressed()));
        }
        return all;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
