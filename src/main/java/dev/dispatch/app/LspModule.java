package dev.dispatch.app;

import dev.dispatch.lsp.LspManager;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.LspOps;
import dev.dispatch.tool.FileHook;
import dev.dispatch.tool.GetDiagnosticsSummaryTool;
import dev.dispatch.tool.GetDiagnosticsTool;
import dev.dispatch.tool.LspDefinitionTool;
import dev.dispatch.tool.LspFileHook;
import dev.dispatch.tool.LspHoverTool;
import dev.dispatch.tool.LspReferencesTool;
import dev.dispatch.tool.LspSymbolsTool;
import dev.dispatch.tool.Tool;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The engine's language servers: one {@link LspManager} for every project the engine's agents work
 * in, its tools and file hook for the agents, and {@link LspOps} for the faces. Created with the
 * agent module; no server starts before an agent starts in a project or a face asks about a file.
 */
final class LspModule implements AutoCloseable {
    private final LspManager lsp;

    LspModule(Map<String, String> env, ProjectConfigs projects, Consumer<Event> events) {
        this.lsp = new LspManager(root -> projects.config(root).lsp(), env, events);
    }

    void register(OpRouter router) {
        router.on(LspOps.LspStatus.class, op -> lsp.status(AgentModule.projectRoot(op.cwd())))
                .on(LspOps.LspDiagnostics.class, op -> {
                    Path root = AgentModule.projectRoot(op.cwd());
                    try {
                        return lsp.diagnostics(root, op.file());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw EngineException.invalid("interrupted while waiting for diagnostics");
                    }
                });
    }

    /** The tools agents get: diagnostics and navigation (each says so when its half is turned off). */
    List<Tool<?>> tools() {
        return List.of(
                new GetDiagnosticsTool(lsp),
                new GetDiagnosticsSummaryTool(lsp),
                new LspDefinitionTool(lsp),
                new LspReferencesTool(lsp),
                new LspHoverTool(lsp),
                new LspSymbolsTool(lsp));
    }

    FileHook hook() {
        return new LspFileHook(lsp);
    }

    /** An agent starts in {@code root}: start the servers its files call for, so its first edit finds them up. */
    void warm(Path root) {
        // off the start op's thread: detection walks part of the tree
        Thread t = new Thread(
                () -> {
                    try {
                        lsp.warm(root);
                    } catch (RuntimeException e) {
                        // a project whose servers cannot start still runs agents; status says why
                    }
                },
                "lsp-warm");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        lsp.close();
    }
}
