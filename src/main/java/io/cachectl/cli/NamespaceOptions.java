package io.cachectl.cli;

import io.cachectl.error.CachectlException;
import io.cachectl.scan.Namespaces;
import java.util.List;
import picocli.CommandLine.Option;

/** How key names are grouped into namespaces (bigkeys, ttl-audit). */
public final class NamespaceOptions {
    @Option(names = "--delimiters", paramLabel = "CHARS", split = ",", defaultValue = ":",
            description = "Namespace delimiter characters (default '${DEFAULT-VALUE}'; e.g. ':/|' or repeat the option).")
    List<String> delimiters;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "2",
            description = "Namespace depth: prefix segments kept (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--collapse-ids", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Treat id-like segments (digits, UUIDs, long hex) as '*' in namespaces (default: on).")
    boolean collapseIds;

    public Namespaces namespaces() {
        String chars = String.join("", delimiters);
        if (chars.isEmpty()) {
            throw CachectlException.usage("--delimiters needs at least one character");
        }
        if (depth < 1) {
            throw CachectlException.usage("--depth must be positive");
        }
        return new Namespaces(chars, depth, collapseIds);
    }
}
