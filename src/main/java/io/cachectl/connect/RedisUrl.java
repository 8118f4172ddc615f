package io.cachectl.connect;

import io.cachectl.error.CachectlException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A parsed {@code redis://[user:password@]host:port[/db]} or {@code rediss://…} URL. The password
 * is only reachable through {@link #password()}; {@link #toString()} and {@link #masked()} hide it.
 */
public record RedisUrl(boolean tls, String host, int port, String user, String password, int db) {
    public static final String DEFAULT = "redis://localhost:6379";

    public static RedisUrl parse(String text) {
        String shown = io.cachectl.error.Secrets.maskUrl(text);
        if (text.isBlank()) {
            throw bad(shown, "empty");
        }
        String trimmed = text.trim();
        int sep = trimmed.indexOf("://");
        if (sep < 0) {
            String hint = trimmed.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d+(/\\d+)?") ? " (did you mean redis://" + shown.trim() + "?)" : "";
            throw bad(shown, "no scheme" + hint);
        }
        // the user information runs to the last '@': a password may hold '/', '@', ':' or '#' unencoded
        String rawUserInfo = null;
        String rest = trimmed;
        int at = trimmed.lastIndexOf('@');
        if (at > sep) {
            rawUserInfo = trimmed.substring(sep + 3, at);
            rest = trimmed.substring(0, sep + 3) + trimmed.substring(at + 1);
        }
        URI uri;
        try {
            uri = new URI(rest);
        } catch (URISyntaxException e) {
            throw bad(shown, "not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("redis") || scheme.equals("rediss"))) {
            throw bad(shown, "scheme must be redis:// or rediss:// (TLS)");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            String authority = uri.getRawAuthority();
            if (authority != null && authority.matches(".*:[^\\]]*[^0-9\\]][^\\]]*")) {
                throw bad(shown, "port must be a number");
            }
            throw bad(shown, "no host (expected redis://host:port)");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        if (port < 1 || port > 65535) {
            throw bad(shown, "port must be 1-65535");
        }
        String user = null;
        String password = null;
        String userInfo = rawUserInfo == null ? null : decode(rawUserInfo);
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                user = userInfo;
            } else {
                user = colon == 0 ? null : userInfo.substring(0, colon);
                password = userInfo.substring(colon + 1);
            }
        }
        int db = 0;
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw bad(shown, "database must be a number, as in redis://host:6379/0");
            }
            if (db < 0) {
                throw bad(shown, "database must not be negative");
            }
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw bad(shown, "query parameters are not supported (use --insecure, --tls-ca-cert, --timeout)");
        }
        return new RedisUrl(scheme.equals("rediss"), host, port, user, password, db);
    }

    /** Percent-decodes user information when every '%' starts a valid escape; else takes it as typed. */
    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        if (!raw.matches("([^%]|%[0-9A-Fa-f]{2})*")) {
            return raw;
        }
        return java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static CachectlException bad(String shown, String why) {
        return CachectlException.usage("bad Redis URL '" + shown + "': " + why
                + " — expected redis://[user:password@]host:port[/db] or rediss://…");
    }

    /** Hides the password of any URL-looking text, even one that does not parse. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        return io.cachectl.error.Secrets.mask(text);
    }

    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The URL as users may see it: password replaced by ****. */
    public String masked() {
        StringBuilder sb = new StringBuilder(tls ? "rediss://" : "redis://");
        if (user != null || password != null) {
            sb.append(user == null ? "" : user);
            if (password != null) {
                sb.append(":****");
            }
            sb.append('@');
        }
        sb.append(hostPort());
        if (db != 0) {
            sb.append('/').append(db);
        }
        return sb.toString();
    }

    public RedisUrl withHostPort(String newHost, int newPort) {
        return new RedisUrl(tls, newHost, newPort, user, password, db);
    }

    @Override
    public String toString() {
        return masked();
    }
}
