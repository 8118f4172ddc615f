package io.cachectl.connect;

import io.cachectl.error.CachectlException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A parsed {@code redis-sentinel://[user:password@]host:port[,host:port…][/db]?master=NAME} URL (the
 * {@code #NAME} form of Lettuce and Spring is accepted too). The hosts are sentinels (default port
 * 26379); the user and password are those of the data nodes (primary and replicas), and are tried on a
 * sentinel only when it asks for authentication. The password is only reachable through
 * {@link #password()}; {@link #toString()} and {@link #masked()} hide it.
 */
public record SentinelUrl(List<Address> sentinels, String master, String user, String password, int db) {
    public static final String SCHEME = "redis-sentinel://";
    public static final int DEFAULT_PORT = 26379;

    /** One sentinel's host and port. */
    public record Address(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    public SentinelUrl {
        sentinels = List.copyOf(sentinels);
    }

    /** Whether {@code text} names sentinels rather than a server. */
    public static boolean isSentinel(String text) {
        return text != null && text.trim().regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    public static SentinelUrl parse(String text) {
        String shown = RedisUrl.mask(text);
        String rest = text.trim().substring(SCHEME.length());
        String master = null;
        int hash = rest.indexOf('#');
        int at = rest.lastIndexOf('@', hash < 0 ? rest.length() : hash);
        String user = null;
        String password = null;
        if (at >= 0) { // user information runs to the last '@': a password may hold '/', '@' or ':'
            String info = decode(rest.substring(0, at));
            rest = rest.substring(at + 1);
            int colon = info.indexOf(':');
            if (colon < 0) {
                user = info.isEmpty() ? null : info;
            } else {
                user = colon == 0 ? null : info.substring(0, colon);
                password = info.substring(colon + 1);
            }
            hash = rest.indexOf('#');
        }
        if (hash >= 0) {
            master = decode(rest.substring(hash + 1));
            rest = rest.substring(0, hash);
        }
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String param : rest.substring(q + 1).split("&")) {
                if (param.isEmpty()) {
                    continue;
                }
                int eq = param.indexOf('=');
                String name = eq < 0 ? param : param.substring(0, eq);
                String value = eq < 0 ? "" : decode(param.substring(eq + 1));
                if (name.equals("master") || name.equals("sentinelMasterId")) {
                    master = value;
                } else {
                    throw bad(shown, "unknown parameter '" + name + "' (only master=NAME is understood)");
                }
            }
            rest = rest.substring(0, q);
        }
        int db = 0;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
            if (!path.isEmpty()) {
                try {
                    db = Integer.parseInt(path);
                } catch (NumberFormatException e) {
                    throw bad(shown, "database must be a number, as in redis-sentinel://host:26379/0?master=NAME");
                }
                if (db < 0) {
                    throw bad(shown, "database must not be negative");
                }
            }
        }
        if (master == null || master.isBlank()) {
            throw bad(shown, "no master name (add ?master=NAME, the name the sentinels monitor)");
        }
        List<Address> sentinels = new ArrayList<>();
        for (String hp : rest.split(",", -1)) {
            sentinels.add(address(hp.trim(), shown));
        }
        return new SentinelUrl(sentinels, master, user, password, db);
    }

    private static Address address(String hp, String shown) {
        if (hp.isEmpty()) {
            throw bad(shown, "empty sentinel address");
        }
        String host;
        String port = null;
        if (hp.startsWith("[")) {
            int close = hp.indexOf(']');
            if (close < 0) {
                throw bad(shown, "unclosed '[' in " + hp);
            }
            host = hp.substring(1, close);
            if (close + 1 < hp.length()) {
                if (hp.charAt(close + 1) != ':') {
                    throw bad(shown, "bad address " + hp);
                }
                port = hp.substring(close + 2);
            }
        } else {
            int colon = hp.lastIndexOf(':');
            host = colon < 0 ? hp : hp.substring(0, colon);
            port = colon < 0 ? null : hp.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw bad(shown, "no host in " + hp);
        }
        int p = DEFAULT_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw bad(shown, "port must be a number in " + hp);
            }
            if (p < 1 || p > 65535) {
                throw bad(shown, "port must be 1-65535 in " + hp);
            }
        }
        return new Address(host, p);
    }

    private static String decode(String raw) {
        if (raw.indexOf('%') < 0 || !raw.matches("([^%]|%[0-9A-Fa-f]{2})*")) {
            return raw;
        }
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static CachectlException bad(String shown, String why) {
        return CachectlException.usage("bad Sentinel URL '" + shown + "': " + why
                + " — expected redis-sentinel://[user:password@]host:port[,host:port…][/db]?master=NAME");
    }

    /**
     * The data nodes' URL once the primary is known: the credentials and database of this URL at
     * {@code host:port}.
     */
    public RedisUrl at(String host, int port) {
        return new RedisUrl(false, host, port, user, password, db);
    }

    /** The URL as users may see it: password replaced by ****. */
    public String masked() {
        StringBuilder sb = new StringBuilder(SCHEME);
        if (user != null || password != null) {
            sb.append(user == null ? "" : user);
            if (password != null) {
                sb.append(":****");
            }
            sb.append('@');
        }
        sb.append(sentinels.stream().map(Address::toString).collect(Collectors.joining(",")));
        if (db != 0) {
            sb.append('/').append(db);
        }
        return sb.append("?master=").append(master).toString();
    }

    @Override
    public String toString() {
        return masked();
    }
}
