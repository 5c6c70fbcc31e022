package dev.dispatch.cli;

import dev.dispatch.config.Dirs;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command accepts, declared once on the root and inherited by all subcommands. */
public final class GlobalOptions {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "Data directory holding the store (default: $DISPATCH_HOME/data or ~/.local/share/dispatch).")
    Path dataDir;

    @Option(
            names = "--debug",
            scope = ScopeType.INHERIT,
            description = "Print stack traces and internal detail on errors.")
    boolean debug;

    public Dirs dirs() {
        Dirs dirs = Dirs.resolve(Environment.current().vars());
        return dataDir == null ? dirs : dirs.withData(dataDir);
    }

    public boolean debug() {
        return debug;
    }
}
