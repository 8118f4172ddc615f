package io.cachectl.ttl;

import com.fasterxml.jackson.databind.JsonNode;
import io.cachectl.error.CachectlException;
import io.cachectl.input.Durations;
import io.cachectl.output.Json;
import io.cachectl.scan.Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * TTL rules: glob pattern → allowed TTL range, or "no TTL allowed". The first matching rule wins; keys
 * matching no rule are not judged. Without a file, one rule: every key must expire.
 */
public record TtlPolicy(String source, List<Rule> rules) {

    /**
     * @param pattern       Redis glob on the key (binary keys in their escaped form)
     * @param minTtl        shortest allowed TTL, or null
     * @param maxTtl        longest allowed TTL, or null
     * @param noTtlAllowed  keys may have no TTL (otherwise a key without one is a violation)
     */
    public record Rule(String pattern, Duration minTtl, Duration maxTtl, boolean noTtlAllowed) {
        /** A readable form: {@code rate_limit:* ttl 1m..5m}, {@code config:* no TTL allowed}. */
        public String describe() {
            StringBuilder sb = new StringBuilder(pattern);
            if (minTtl != null || maxTtl != null) {
                sb.append(" ttl ").append(minTtl == null ? "0s" : fmt(minTtl)).append("..")
                        .append(maxTtl == null ? "∞" : fmt(maxTtl));
            }
            sb.append(noTtlAllowed ? ", no TTL allowed" : ", must expire");
            return sb.toString();
        }

        /**
         * Why a key with this PTTL breaks the rule ("no_ttl", "too_long"), or null. Redis keeps the time
         * left, never the TTL that was set, and time left ≤ TTL set: more left than {@code maxTtl} proves the
         * TTL was set too long, but less left than {@code minTtl} proves nothing (every correctly written
         * key gets there before it expires), so {@code minTtl} fails no key.
         */
        public String violation(long pttlMs) {
            if (pttlMs < 0) {
                return noTtlAllowed ? null : "no_ttl";
            }
            if (maxTtl != null && pttlMs > maxTtl.toMillis()) {
                return "too_long";
            }
            return null;
        }

        private static String fmt(Duration d) {
            long s = d.toSeconds();
            if (s % 86400 == 0) {
                return s / 86400 + "d";
            }
            if (s % 3600 == 0) {
                return s / 3600 + "h";
            }
            if (s % 60 == 0) {
                return s / 60 + "m";
            }
            return d.toMillis() % 1000 == 0 ? s + "s" : d.toMillis() + "ms";
        }
    }

    public static TtlPolicy defaultPolicy() {
        return new TtlPolicy("default (every key must expire)", List.of(new Rule("*", null, null, false)));
    }

    /** {@link #match(String)} on a raw key; its display form is built only for a rule other than "*". */
    public Rule match(byte[] key) {
        String display = null;
        for (Rule r : rules) {
            if (r.pattern().equals("*")) {
                return r;
            }
            display = display != null ? display : Keys.display(key);
            if (Keys.globMatch(r.pattern(), display)) {
                return r;
            }
        }
        return null;
    }

    public Rule match(String key) {
        for (Rule r : rules) {
            if (Keys.globMatch(r.pattern(), key)) {
                return r;
            }
        }
        return null;
    }

    /** Reads {@code {"rules": [{"pattern": "…", "min_ttl": "1m", "max_ttl": "5m", "no_ttl_allowed": false}]}}. */
    public static TtlPolicy load(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw CachectlException.usage("cannot read policy " + file + ": " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
        if (root == null || !root.path("rules").isArray()) {
            throw CachectlException.usage("policy " + file + ": expected {\"rules\": [{\"pattern\": …}, …]}");
        }
        List<Rule> rules = new ArrayList<>();
        int i = 0;
        for (JsonNode r : root.get("rules")) {
            i++;
            String where = "policy " + file + ", rule " + i;
            for (Iterator<String> it = r.fieldNames(); it.hasNext();) {
                String f = it.next();
                if (!Set.of("pattern", "min_ttl", "max_ttl", "no_ttl_allowed").contains(f)) {
                    throw CachectlException.usage(where + ": unknown field '" + f
                            + "' (known: pattern, min_ttl, max_ttl, no_ttl_allowed)");
                }
            }
            if (!r.path("pattern").isTextual() || r.get("pattern").asText().isEmpty()) {
                throw CachectlException.usage(where + ": \"pattern\" (a glob such as \"user:*\") is required");
            }
            try {
                // the same check as invalidate's: '[a-]' or '[]' would not mean what they look like
                io.cachectl.scan.Patterns.validate(r.get("pattern").asText());
            } catch (CachectlException e) {
                throw CachectlException.usage(where + ": " + e.getMessage());
            }
            Duration min = duration(r.get("min_ttl"), where);
            Duration max = duration(r.get("max_ttl"), where);
            if (min != null && max != null && min.compareTo(max) > 0) {
                throw CachectlException.usage(where + ": min_ttl is longer than max_ttl");
            }
            JsonNode nta = r.get("no_ttl_allowed");
            if (nta != null && !nta.isBoolean()) {
                throw CachectlException.usage(where + ": no_ttl_allowed must be true or false");
            }
            rules.add(new Rule(r.get("pattern").asText(), min, max, nta != null && nta.asBoolean()));
        }
        if (rules.isEmpty()) {
            throw CachectlException.usage("policy " + file + " has no rules");
        }
        return new TtlPolicy(file.toString(), List.copyOf(rules));
    }

    private static Duration duration(JsonNode v, String where) {
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            if (v.isNumber()) {
                return Duration.ofMillis(Math.round(v.asDouble() * 1000));
            }
            return Durations.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw CachectlException.usage(where + ": " + e.getMessage());
        }
    }
}
