package io.cachectl.docs;

import io.cachectl.cli.CachectlCommand;
import io.cachectl.output.Console;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * The man pages, generated from the picocli command model: one AsciiDoc page per command
 * ({@code cachectl.adoc}, {@code cachectl-stats.adoc}, …), rendered by picocli-codegen's
 * {@link ManPageGenerator}, then given what the model does not hold: the manual's name and version, an
 * ENVIRONMENT section, and cross references as {@code cachectl-stats(1)}. The release build turns them into
 * roff with Asciidoctor ({@code scripts/release}); {@code ManPagesTest} checks that every command and option
 * is on its page.
 *
 * <p>{@code java … io.cachectl.docs.ManPages OUT_DIR VERSION} writes the pages (run by {@code mvn -Prelease}).
 */
public final class ManPages {
    /** Commands without a page of their own: picocli's help command and the hidden completion generator. */
    private static final List<String> NO_PAGE = List.of("help", "generate-completion");

    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ManPages OUT_DIR VERSION");
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (Map.Entry<String, String> page : generate(args[1]).entrySet()) {
            Files.writeString(dir.resolve(page.getKey() + ".adoc"), page.getValue());
        }
    }

    /** The command line every page is made from (the same one {@code cachectl} runs). */
    public static CommandLine commandLine() {
        Console console = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new ByteArrayInputStream(new byte[0]), Console.Terminals.NONE, Map.of());
        return CachectlCommand.commandLine(console);
    }

    /** The commands that get a page: the top level and every visible command below it, in help order. */
    public static List<CommandLine> commands(CommandLine top) {
        List<CommandLine> all = new ArrayList<>();
        collect(top, all);
        return all;
    }

    private static void collect(CommandLine cl, List<CommandLine> all) {
        all.add(cl);
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!NO_PAGE.contains(sub.getCommandName()) && !sub.getCommandSpec().usageMessage().hidden()
                    && !all.contains(sub)) {
                collect(sub, all);
            }
        }
    }

    /** Page name ({@code cachectl-ttl-audit}) → AsciiDoc text. */
    public static Map<String, String> generate(String version) {
        Map<String, String> pages = new LinkedHashMap<>();
        for (CommandLine cl : commands(commandLine())) {
            CommandSpec spec = cl.getCommandSpec();
            StringWriter text = new StringWriter();
            try (PrintWriter pw = new PrintWriter(text)) {
                ManPageGenerator.writeSingleManPage(pw, spec);
            }
            pages.put(pageName(spec), finish(text.toString(), spec, version));
        }
        return pages;
    }

    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    private static String finish(String adoc, CommandSpec spec, String version) {
        String out = adoc
                .replaceFirst("(?m)^:revnumber:.*$", ":revnumber: " + version)
                .replaceFirst("(?m)^:manmanual:.*$", ":manmanual: cachectl manual")
                .replaceFirst("(?m)^:mansource:.*$", ":mansource: cachectl " + version)
                // picocli's headings are the help's ("Exit codes:"); man pages use the standard names
                .replace("==  Exit codes:", "== Exit status")
                .replace("==  Examples:", "== Examples");
        // links between pages: "cachectl-stats(1)" (roff has no hyperlinks); help has no page of its own
        out = out.replaceAll("xref:([a-z0-9-]+)\\.adoc\\[\\*help\\*\\]", "*help*");
        out = out.replaceAll("xref:([a-z0-9-]+)\\.adoc\\[\\*([a-z0-9-]+)\\*\\]", "*$2* (*$1*(1))");
        String end = "// end::picocli-generated-full-manpage[]";
        StringBuilder extra = new StringBuilder();
        extra.append("== Environment\n\n");
        for (Map.Entry<String, String> v : environment(spec).entrySet()) {
            extra.append("*").append(v.getKey()).append("*::\n  ").append(v.getValue()).append("\n\n");
        }
        extra.append("== See also\n\n");
        List<String> see = new ArrayList<>();
        CommandSpec root = spec.root();
        if (root != spec) {
            see.add("*" + pageName(root) + "*(1)");
        }
        for (CommandLine sub : commands(root.commandLine())) {
            CommandSpec s = sub.getCommandSpec();
            if (s != spec && s != root) {
                see.add("*" + pageName(s) + "*(1)");
            }
        }
        see.add("*redis-cli*(1)");
        extra.append(String.join(", ", see)).append("\n\n");
        int at = out.lastIndexOf(end);
        return out.substring(0, at) + extra + out.substring(at);
    }

    /** The environment variables a command reads (the launcher's, the connection's, the command's own). */
    static Map<String, String> environment(CommandSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REDIS_URL", "The server to use when *--url* is not given (default redis://localhost:6379)."
                + " Passwords in it are never printed.");
        env.put("NO_COLOR", "When set (to anything), no colour in the output; colour is also off when the output"
                + " is not a terminal or TERM is dumb.");
        env.put("TERM", "*dumb* turns colour and cursor movement off.");
        String name = spec.name();
        if (name.equals("shell") || spec == spec.root()) {
            env.put("CACHECTL_HISTORY", "The shell's history file (default ~/.cachectl_history).");
        }
        if (name.equals("warm") || spec == spec.root()) {
            env.put("TMPDIR", "Where *warm -* keeps the copy of standard input it validates before writing.");
        }
        if (java.util.Set.of("stats", "bigkeys", "ttl-audit", "doctor", "bench", "shell").contains(name)
                || spec == spec.root()) {
            env.put("CACHECTL_STATE_DIR", "The self-effect ledger: where cachectl records the keyspace lookups it"
                    + " makes, so that stats and doctor subtract them (default $XDG_STATE_HOME/cachectl, else"
                    + " ~/.local/state/cachectl; *off* disables it).");
            env.put("XDG_STATE_HOME", "Base of the default CACHECTL_STATE_DIR.");
        }
        env.put("COLUMNS", "Width of progress bars on a terminal (default 100).");
        env.put("CACHECTL_JAVA_OPTS", "Extra options for the Java virtual machine, e.g. -Xmx512m (read by the"
                + " launcher).");
        env.put("CACHECTL_NO_CDS", "When set, the release launcher does not make its start-up archive on the first"
                + " run of an unpacked tarball.");
        return env;
    }
}
