package dev.dispatch.cli;

import picocli.CommandLine.Option;

/** {@code --json}: machine-readable output with a documented, stable shape. */
public final class JsonMixin {
    @Option(names = "--json", description = "Print JSON instead of text (stable shape, see docs).")
    boolean json;

    public boolean enabled() {
        return json;
    }
}
