package io.cachectl.connect;

import java.util.LinkedHashMap;
import java.util.Map;

/** A parsed INFO reply: {@code field:value} lines, section headers and blanks skipped. */
public record Info(Map<String, String> fields) {

    public static Info parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return new Info(fields);
    }

    public String get(String field) {
        return fields.get(field);
    }

    public String get(String field, String fallback) {
        return fields.getOrDefault(field, fallback);
    }

    public long getLong(String field) {
        return getLong(field, 0);
    }

    public long getLong(String field, long fallback) {
        String v = fields.get(field);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public double getDouble(String field) {
        String v = fields.get(field);
        if (v == null) {
            return 0;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code db0:keys=1,expires=0,avg_ttl=0} → {keys=1, expires=0, avg_ttl=0}. */
    public static Map<String, Long> subFields(String value) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                try {
                    out.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
                } catch (NumberFormatException ignored) {
                    // non-numeric sub-fields (ip=, state=) are not needed here
                }
            }
        }
        return out;
    }

    /**
     * The server product: {@code valkey} where INFO says {@code server_name:valkey} (or has a
     * {@code valkey_version}), else {@code redis}.
     */
    public String server() {
        return "valkey".equalsIgnoreCase(get("server_name", "")) || fields.containsKey("valkey_version")
                ? "valkey" : "redis";
    }

    /**
     * The product's own version: {@code valkey_version} on Valkey (whose {@code redis_version} is a
     * fixed compatibility value, 7.2.4 on Valkey 8), {@code redis_version} otherwise.
     */
    public String version() {
        return server().equals("valkey") ? get("valkey_version", get("redis_version", "unknown"))
                : get("redis_version", "unknown");
    }

    /** What a person reads: {@code Redis 7.0.15}, {@code Valkey 8.0.1}. */
    public String product() {
        return product(server(), version());
    }

    /** {@code Valkey 8.0.1} for {@code server} valkey, {@code Redis 7.0.15} otherwise (reports keep the two apart). */
    public static String product(String server, String version) {
        return ("valkey".equals(server) ? "Valkey " : "Redis ") + version;
    }

    /** {@link #version()} as a comparable number: 7.2.4 → 70204 (the product's own numbering). */
    public int versionNumber() {
        String[] parts = version().split("\\.");
        int n = 0;
        for (int i = 0; i < 3; i++) {
            int p = 0;
            if (i < parts.length) {
                try {
                    p = Integer.parseInt(parts[i]);
                } catch (NumberFormatException ignored) {
                    p = 0;
                }
            }
            n = n * 100 + Math.min(p, 99);
        }
        return n;
    }
}
