package io.cachectl.cli;

import io.cachectl.config.Config;
import io.cachectl.config.NamedTarget;
import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.RedisUrl;
import io.cachectl.connect.SentinelUrl;
import io.cachectl.error.CachectlException;
import io.cachectl.output.Console;
import io.cachectl.error.ExitCode;
import io.cachectl.output.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Named targets of the config file: list, show, add, remove, use. Passwords are never printed. */
@Command(name = "targets", mixinStandardHelpOptions = true,
        description = "Named targets (config file): list, show, add, remove, use (set the default).",
        subcommands = {TargetsCommand.ListCmd.class, TargetsCommand.Show.class, TargetsCommand.Add.class,
            TargetsCommand.Remove.class, TargetsCommand.Use.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  cachectl targets add prod-eu --url rediss://cache.eu.internal:6380 --user app \\",
            "      --password-command 'pass show redis/prod-eu'",
            "  cachectl targets use prod-eu            make it the default",
            "  cachectl --target staging stats         one command against another target",
            "  cachectl targets list",
            "",
            "File: $XDG_CONFIG_HOME/cachectl/config.toml (else ~/.config/cachectl/config.toml)."})
public final class TargetsCommand implements Callable<Integer> {
    private final Context context;

    @Mixin(name = "output")
    OutputOptions output;

    public TargetsCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return new ListCmd(context).list(output.json());
    }

    /** A target as shown: URL with the password masked, whether the URL carries a password. */
    record Shown(String name, boolean isDefault, String url, String user, boolean passwordInUrl, String passwordCommand,
            String tlsCaCert, Boolean insecure, String connectTimeout, String timeout, Boolean cluster,
            NamedTarget.Thresholds thresholds) {
        static Shown of(String name, NamedTarget t, String def) {
            boolean pw;
            try {
                pw = SentinelUrl.isSentinel(t.url()) ? SentinelUrl.parse(t.url()).password() != null
                        : RedisUrl.parse(t.url()).password() != null;
            } catch (CachectlException e) {
                pw = RedisUrl.mask(t.url()).contains("****");
            }
            return new Shown(name, name.equals(def), masked(t.url()), t.user(), pw, t.passwordCommand(), t.tlsCaCert(),
                    t.insecure(), t.connectTimeout(), t.timeout(), t.cluster(), t.thresholds());
        }
    }

    static String masked(String url) {
        try {
            return SentinelUrl.isSentinel(url) ? SentinelUrl.parse(url).masked() : RedisUrl.parse(url).masked();
        } catch (CachectlException e) {
            return RedisUrl.mask(url);
        }
    }

    record Listing(String config, String defaultTarget, List<Shown> targets) {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the named targets (* marks the default).",
            footerHeading = "%nExamples:%n", footer = {"  cachectl targets list", "  cachectl targets list --json | jq -r '.targets[].name'"})
    static final class ListCmd implements Callable<Integer> {
        private final Context context;

        @Mixin(name = "output")
        OutputOptions output;

        ListCmd(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            return list(output.json());
        }

        int list(boolean json) {
            Console console = context.console();
            Config config = Endpoints.load(console.env(), console);
            List<Shown> shown = new ArrayList<>();
            config.targets().forEach((name, t) -> shown.add(Shown.of(name, t, config.defaultTarget())));
            if (json) {
                console.json(new Listing(config.path().toString(), config.defaultTarget(), shown));
                return ExitCode.OK;
            }
            if (shown.isEmpty()) {
                console.note("no targets in " + config.path() + "; add one with 'cachectl targets add NAME --url URL'");
                return ExitCode.OK;
            }
            Table table = new Table("", "name", "url", "password from");
            for (Shown s : shown) {
                table.row(s.isDefault() ? "*" : "", s.name(), s.url(), s.passwordInUrl() ? "url (plain text in file)"
                        : s.passwordCommand() != null ? "password_command" : "-");
            }
            table.render(console.style(), "").forEach(console::printFit);
            return ExitCode.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one target's settings (password masked).",
            footerHeading = "%nExamples:%n", footer = {"  cachectl targets show prod-eu", "  cachectl targets show prod-eu --json"})
    static final class Show implements Callable<Integer> {
        private final Context context;

        @Mixin(name = "output")
        OutputOptions output;

        @Parameters(paramLabel = "NAME", description = "Target name.")
        String name;

        Show(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Console console = context.console();
            Config config = Endpoints.load(console.env(), console);
            NamedTarget t = config.target(name).orElseThrow(() -> Endpoints.noSuchTarget(config, name, "show"));
            Shown s = Shown.of(name, t, config.defaultTarget());
            if (output.json()) {
                console.json(s);
                return ExitCode.OK;
            }
            Map<String, Object> rows = new LinkedHashMap<>();
            rows.put("name", name + (s.isDefault() ? " (default)" : ""));
            rows.put("url", s.url());
            rows.put("user", s.user());
            rows.put("password", s.passwordInUrl() ? "in the url (masked; plain text in " + config.path() + ")"
                    : s.passwordCommand() != null ? "from password_command: " + s.passwordCommand()
                    : "none ($REDISCLI_AUTH or --askpass if set)");
            rows.put("tls_ca_cert", s.tlsCaCert());
            rows.put("insecure", s.insecure());
            rows.put("connect_timeout", s.connectTimeout());
            rows.put("timeout", s.timeout());
            rows.put("cluster", s.cluster());
            NamedTarget.Thresholds th = s.thresholds();
            if (th != null) {
                rows.put("min_hit_rate", th.minHitRate());
                rows.put("max_latency_ms", th.maxLatencyMs());
                rows.put("max_memory_pct", th.maxMemoryPct());
                rows.put("max_eviction_rate", th.maxEvictionRate());
            }
            rows.forEach((k, v) -> {
                if (v != null) {
                    console.printFit(String.format("%-16s %s", k, v));
                }
            });
            return ExitCode.OK;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add or replace a target (the file is written readable by you only).",
            footerHeading = "%nExamples:%n",
            footer = {"  cachectl targets add staging --url redis://staging-cache:6379 --default",
                "  cachectl targets add prod-eu --url rediss://cache.eu.internal:6380 --user app \\",
                "      --password-command 'pass show redis/prod-eu' --min-hit-rate 90"})
    static final class Add implements Callable<Integer> {
        private final Context context;

        @Parameters(paramLabel = "NAME", description = "Target name: letters, digits, '-', '_', '.'.")
        String name;

        @Option(names = "--url", required = true, paramLabel = "URL",
                description = "redis://, rediss:// or redis-sentinel:// URL. Prefer --password-command to a password in it.")
        String url;

        @Option(names = "--user", paramLabel = "USER", description = "ACL user.")
        String user;

        @Option(names = "--password-command", paramLabel = "CMD",
                description = "Command (run with sh -c) whose first output line is the password.")
        String passwordCommand;

        @Option(names = "--tls-ca-cert", paramLabel = "FILE", description = "PEM CA for this target.")
        String tlsCaCert;

        @Option(names = "--insecure", description = "TLS without verification for this target.")
        Boolean insecure;

        @Option(names = "--connect-timeout", paramLabel = "DURATION", description = "Connect timeout for this target.")
        String connectTimeout;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "Command timeout for this target.")
        String timeout;

        @Option(names = "--cluster", negatable = true, description = "Force cluster or single-server mode.")
        Boolean cluster;

        @Option(names = "--min-hit-rate", paramLabel = "PCT", description = "This cache's hit-rate target.")
        Double minHitRate;

        @Option(names = "--max-latency-ms", paramLabel = "MS", description = "This cache's latency target.")
        Double maxLatencyMs;

        @Option(names = "--max-memory-pct", paramLabel = "PCT", description = "This cache's memory target.")
        Double maxMemoryPct;

        @Option(names = "--max-eviction-rate", paramLabel = "PCT", description = "This cache's eviction-rate target.")
        Double maxEvictionRate;

        @Option(names = "--default", description = "Also make it the default target.")
        boolean makeDefault;

        Add(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Console console = context.console();
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw CachectlException.usage("target name '" + name + "': use letters, digits, '-', '_' and '.'");
            }
            ConnectionSettings parsed = ConnectionSettings.parse(url, null, false, 5000, 5000,
                    ConnectionSettings.ClusterMode.AUTO); // exit 2 on a bad URL, before writing anything
            for (String d : new String[] {connectTimeout, timeout}) {
                if (d != null) {
                    try {
                        io.cachectl.input.Durations.parse(d);
                    } catch (IllegalArgumentException e) {
                        throw CachectlException.usage("bad duration '" + d + "': " + e.getMessage());
                    }
                }
            }
            NamedTarget.Thresholds th = minHitRate == null && maxLatencyMs == null && maxMemoryPct == null
                    && maxEvictionRate == null ? null
                    : new NamedTarget.Thresholds(minHitRate, maxLatencyMs, maxMemoryPct, maxEvictionRate);
            Config config = Config.load(console.env());
            boolean replaced = config.target(name).isPresent();
            config.put(name, new NamedTarget(url, user, passwordCommand, tlsCaCert, insecure, connectTimeout, timeout,
                    cluster, th));
            if (makeDefault || config.defaultTarget() == null && config.targets().size() == 1) {
                config.setDefault(name);
            }
            config.save();
            if (parsed.url().password() != null) {
                console.warn("the password of '" + name + "' is stored in plain text in " + config.path()
                        + "; prefer --password-command, $REDISCLI_AUTH or --askpass");
            }
            console.note((replaced ? "replaced" : "added") + " target '" + name + "' (" + masked(url) + ") in "
                    + config.path() + (name.equals(config.defaultTarget()) ? "; it is the default" : ""));
            return ExitCode.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a target.",
            footerHeading = "%nExamples:%n", footer = {"  cachectl targets remove staging"})
    static final class Remove implements Callable<Integer> {
        private final Context context;

        @Parameters(paramLabel = "NAME", description = "Target name.")
        String name;

        Remove(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Config config = Config.load(context.console().env());
            if (config.target(name).isEmpty()) {
                throw Endpoints.noSuchTarget(config, name, "remove");
            }
            config.remove(name);
            config.save();
            context.console().note("removed target '" + name + "' from " + config.path());
            return ExitCode.OK;
        }
    }

    @Command(name = "use", mixinStandardHelpOptions = true,
            description = "Make a target the default (used when neither --url, --target, CACHECTL_TARGET nor REDIS_URL is given).",
            footerHeading = "%nExamples:%n", footer = {"  cachectl targets use prod-eu", "  cachectl stats          now against prod-eu"})
    static final class Use implements Callable<Integer> {
        private final Context context;

        @Parameters(paramLabel = "NAME", description = "Target name.")
        String name;

        Use(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Console console = context.console();
            Config config = Config.load(console.env());
            if (config.target(name).isEmpty()) {
                throw Endpoints.noSuchTarget(config, name, "use");
            }
            config.setDefault(name);
            config.save();
            console.note("default target is now '" + name + "'");
            if (console.env().containsKey("REDIS_URL") || console.env().containsKey("CACHECTL_TARGET")) {
                console.warn((console.env().containsKey("CACHECTL_TARGET") ? "CACHECTL_TARGET" : "REDIS_URL")
                        + " is set and takes precedence over the default target");
            }
            return ExitCode.OK;
        }
    }
}
