package dev.dispatch.app;

import dev.dispatch.config.Dirs;
import dev.dispatch.config.LspConfig;
import dev.dispatch.lsp.LspManager;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.LspOps;
import dev.dispatch.shell.ShellEnv;
import dev.dispatch.shell.ShellSettings;
import dev.dispatch.tool.FileHook;
import dev.dispatch.tool.GetDiagnosticsSummaryTool;
import dev.dispatch.tool.GetDiagnosticsTool;
import dev.dispatch.tool.LspFileHook;
import dev.dispatch.tool.LspPositionTool;
import dev.dispatch.tool.LspSymbolsTool;
import dev.dispatch.tool.ToolContext;
import dev.dispatch.tool.ToolRegistry;
import dev.dispatch.tool.ToolResult;
import dev.dispatch.tool.ToolSource;
import dev.dispatch.tool.ToolSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The engine's language servers: one {@link LspManager} for every project the engine's agents work
 * in, its tools and file hook for the agents, and {@link LspOps} for the faces. Created with the
 * agent module; no server starts before an agent starts in a project or a face asks about a file.
 */
final class LspModule implements AutoCloseable {
    private final LspManager lsp;
    private final ProjectConfigs projects;

    LspModule(Map<String, String> env, ProjectConfigs projects, Consumer<Event> events, Dirs dirs) {
        this.projects = projects;
        this.lsp = new LspManager(
                root -> projects.config(root).lsp(),
                env,
                root -> serverEnvironment(System.getenv(), Sandboxes.settings(projects.config(root), env, dirs)),
                events);
    }

    /**
     * What a language server runs with: {@code base} scrubbed as run_shell scrubs it (credential-looking
     * names, the configured keys' variables and values, the agent and operator tokens). A server runs
     * project code (build scripts, macros, plugins), so it gets no more than an agent's command does.
     */
    static Map<String, String> serverEnvironment(Map<String, String> base, ShellSettings secrets) {
        return ShellEnv.scrub(base, secrets.secretNames(), secrets.secretValues());
    }

    void register(OpRouter router) {
        router.on(LspOps.LspStatus.class, op -> lsp.status(AgentModule.projectRoot(op.cwd())))
                .on(LspOps.LspRestart.class, op -> {
                    // a restart changes something: it names its project rather than fall back to the owner's folder
                    if (op.cwd() == null || op.cwd().isBlank())
                        throw EngineException.invalid(
                                "cwd is missing: give the project folder whose language servers to restart");
                    return lsp.restart(AgentModule.projectRoot(op.cwd()), op.server());
                })
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

    /**
     * The tools agents get, per project: the diagnostics tools where {@code lsp.enabled}, the
     * navigation tools where {@code lsp.navigation_tools} too; a project with language servers off is
     * offered none (a tool that can only answer "off" wastes the model's attention).
     */
    ToolSource tools() {
        ToolRegistry diagnostics =
                ToolRegistry.of(List.of(new GetDiagnosticsTool(lsp), new GetDiagnosticsSummaryTool(lsp)));
        ToolRegistry navigation = ToolRegistry.of(List.of(
                LspPositionTool.definition(lsp),
                LspPositionTool.references(lsp),
                LspPositionTool.hover(lsp),
                new LspSymbolsTool(lsp)));
        return new ToolSource() {
            @Override
            public List<ToolSpec> specs(Path root) {
                LspConfig c = projects.config(root).lsp();
                if (!c.enabled()) return List.of();
                List<ToolSpec> out = new java.util.ArrayList<>(diagnostics.specs());
                if (c.navigationTools()) out.addAll(navigation.specs());
                return out;
            }

            @Override
            public Optional<ToolResult> call(String name, String argumentsJson, ToolContext ctx)
                    throws InterruptedException {
                ToolRegistry r = diagnostics.find(name).isPresent()
                        ? diagnostics
                        : navigation.find(name).isPresent() ? navigation : null;
                if (r == null) return Optional.empty();
                LspConfig c = projects.config(ctx.projectRoot()).lsp();
                if (!c.enabled() || (r == navigation && !c.navigationTools())) return Optional.empty();
                return Optional.of(r.call(name, argumentsJson, ctx));
            }
        };
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
