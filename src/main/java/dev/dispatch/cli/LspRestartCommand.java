package dev.dispatch.cli;

import dev.dispatch.protocol.LspOps;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch lsp restart [SERVER]}: a server that gave up after repeated crashes ({@code failed})
 * comes back without restarting the engine that owns it; a running one gets a fresh process.
 */
@Command(
        name = "restart",
        mixinStandardHelpOptions = true,
        description = {
            "Restart the project's language server SERVER (default: every one it uses) in the engine",
            "that owns them, with a fresh crash count: a failed server comes back without restarting",
            "the daemon. Prints the status after (servers come up in the background)."
        })
public final class LspRestartCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SERVER",
            description = "A server name as dispatch lsp status shows it (clangd, python, typescript, ...).")
    String server;

    @Mixin
    JsonMixin json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return LspStatusCommand.print(spec, json, EngineQuery.ask(spec, cwd -> new LspOps.LspRestart(cwd, server)));
    }
}
