package io.cachectl.cli;

import io.cachectl.connect.Connector;
import io.cachectl.connect.Target;
import io.cachectl.output.Console;

/** What every command receives from {@link io.cachectl.Main}: the console and the environment. */
public record Context(Console console) {

    /** Opens the target named by the options / REDIS_URL; failures become exit-2/3 errors. */
    public Target connect(ConnectionOptions options) {
        return Connector.open(options.settings(console.env()));
    }
}
