package dev.dispatch.cli;

import dev.dispatch.app.Engines;
import dev.dispatch.protocol.Engine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one place commands get an {@link Engine}: every face then behaves the same whichever engine it
 * got. Today it hosts the engine in-process on the command's data dir and environment.
 */
final class EngineAccess {
    private EngineAccess() {}

    static Engine open(CommandSpec spec) {
        return Engines.local(Cli.globals(spec).dirs(), Environment.current().vars());
    }
}
