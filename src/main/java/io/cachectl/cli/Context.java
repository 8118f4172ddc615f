package io.cachectl.cli;

import io.cachectl.connect.ConnectionSettings;
import io.cachectl.connect.Connector;
import io.cachectl.connect.Target;
import io.cachectl.output.Console;

/** What every command receives from {@link io.cachectl.Main}: the console and the environment. */
public record Context(Console console) {

    /** Opens the target named by the options / REDIS_URL; failures become exit-2/3 errors. */
    public Target connect(ConnectionOptions options) {
        ConnectionSettings settings = options.settings(console);
        if (settings.insecure()) {
            console.warn(settings.url().tls()
                    ? "--insecure: the server's TLS certificate and host name are NOT verified"
                    : "--insecure has no effect on a redis:// (plain) URL");
        }
        return Connector.open(settings);
    }
}
