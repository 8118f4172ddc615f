package io.cachectl.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.cachectl.error.CachectlException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The config file, {@code $XDG_CONFIG_HOME/cachectl/config.toml} (else {@code ~/.config/cachectl/config.toml}):
 * named targets and the default one. TOML, read and written with Jackson's TOML module:
 * <pre>
 * default = "staging"
 *
 * [targets.prod-eu]
 * url = "rediss://cache.eu.internal:6380"
 * user = "app"
 * password_command = "pass show redis/prod-eu"
 * [targets.prod-eu.thresholds]
 * min_hit_rate = 90.0
 * </pre>
 */
public final class Config {
    private static final TomlMapper MAPPER = TomlMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** The file as stored. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Doc(@com.fasterxml.jackson.annotation.JsonProperty("default") String defaultTarget,
            Map<String, NamedTarget> targets) {
    }

    private final Path path;
    private String defaultTarget;
    private final TreeMap<String, NamedTarget> targets;

    private Config(Path path, String defaultTarget, Map<String, NamedTarget> targets) {
        this.path = path;
        this.defaultTarget = defaultTarget;
        this.targets = new TreeMap<>(targets == null ? Map.of() : targets);
    }

    /** Where the config file lives for this environment. */
    public static Path path(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return base.resolve("cachectl").resolve("config.toml");
    }

    /** The config of this environment; empty when the file does not exist. Exit 2 when it does not parse. */
    public static Config load(Map<String, String> env) {
        Path p = path(env);
        if (!Files.isRegularFile(p)) {
            return new Config(p, null, null);
        }
        try {
            String text = Files.readString(p);
            Doc doc = text.isBlank() ? new Doc(null, null) : MAPPER.readValue(text, Doc.class);
            Config c = new Config(p, doc.defaultTarget(), doc.targets());
            for (Map.Entry<String, NamedTarget> e : c.targets.entrySet()) {
                if (e.getValue() == null || e.getValue().url() == null || e.getValue().url().isBlank()) {
                    throw CachectlException.usage("config " + p + ": target '" + e.getKey() + "' has no url");
                }
            }
            return c;
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw CachectlException.usage("cannot read config " + p + ": " + io.cachectl.connect.RedisUrl.mask(msg));
        }
    }

    public Path path() {
        return path;
    }

    /** The default target's name, or null. */
    public String defaultTarget() {
        return defaultTarget;
    }

    public Map<String, NamedTarget> targets() {
        return java.util.Collections.unmodifiableMap(targets);
    }

    public Optional<NamedTarget> target(String name) {
        return Optional.ofNullable(targets.get(name));
    }

    public void put(String name, NamedTarget t) {
        targets.put(name, t);
    }

    public boolean remove(String name) {
        boolean had = targets.remove(name) != null;
        if (name.equals(defaultTarget)) {
            defaultTarget = null;
        }
        return had;
    }

    public void setDefault(String name) {
        defaultTarget = name;
    }

    /**
     * Writes the file (directories created), readable by its owner only, replacing it atomically.
     * Comments of a hand-written file are not kept.
     */
    public void save() {
        try {
            Files.createDirectories(path.getParent());
            Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, toToml());
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CachectlException(io.cachectl.error.ExitCode.PARTIAL, "cannot write config " + path + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The file's text: one {@code [targets.NAME]} table per target, as a person writes it (Jackson's
     * writer puts every value on a dotted key). Read back by Jackson, checked in the tests.
     */
    String toToml() {
        StringBuilder sb = new StringBuilder("# cachectl targets: see 'cachectl targets --help'\n");
        if (defaultTarget != null) {
            sb.append("default = ").append(str(defaultTarget)).append('\n');
        }
        targets.forEach((name, t) -> {
            String key = "targets." + key(name);
            sb.append("\n[").append(key).append("]\n");
            line(sb, "url", t.url());
            line(sb, "user", t.user());
            line(sb, "password_command", t.passwordCommand());
            line(sb, "tls_ca_cert", t.tlsCaCert());
            line(sb, "insecure", t.insecure());
            line(sb, "connect_timeout", t.connectTimeout());
            line(sb, "timeout", t.timeout());
            line(sb, "cluster", t.cluster());
            NamedTarget.Thresholds th = t.thresholds();
            if (th != null) {
                sb.append("[").append(key).append(".thresholds]\n");
                line(sb, "min_hit_rate", th.minHitRate());
                line(sb, "max_latency_ms", th.maxLatencyMs());
                line(sb, "max_memory_pct", th.maxMemoryPct());
                line(sb, "max_eviction_rate", th.maxEvictionRate());
            }
        });
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, Object value) {
        if (value != null) {
            sb.append(key).append(" = ").append(value instanceof String v ? str(v) : value.toString()).append('\n');
        }
    }

    private static String key(String name) {
        return name.matches("[A-Za-z0-9_-]+") ? name : str(name);
    }

    /** A TOML basic string. */
    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** A warning when the file can be read by other users (it may hold passwords); empty otherwise. */
    public Optional<String> permissionWarning() {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                return Optional.of(path + " is readable by other users (" + PosixFilePermissions.toString(perms)
                        + "); it may hold passwords: chmod 600 " + path);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
        return Optional.empty();
    }
}
