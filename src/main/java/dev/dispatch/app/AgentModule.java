package dev.dispatch.app;

import dev.dispatch.agent.AgentRuntime;
import dev.dispatch.agent.AgentSpec;
import dev.dispatch.agent.ModelChoice;
import dev.dispatch.bus.Bus;
import dev.dispatch.config.Config;
import dev.dispatch.config.Dirs;
import dev.dispatch.permission.Mode;
import dev.dispatch.permission.PermissionGate;
import dev.dispatch.protocol.Ack;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.session.SessionRecord;
import dev.dispatch.session.Sessions;
import dev.dispatch.store.Store;
import dev.dispatch.shell.Sandbox;
import dev.dispatch.tool.RunShellTool;
import dev.dispatch.tool.ToolRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * Answers {@link SessionOps}: starts in-process agents and talks to them. The runtime (and with it
 * config, providers, tools) is created on the first op that needs it, so one-shot coordination
 * commands never pay for it.
 */
final class AgentModule implements AutoCloseable {
    static final int DEFAULT_MAX_TURNS = 50;
    private final Dirs dirs;
    private final Map<String, String> env;
    private final Sessions sessions;
    private final Bus<Event> bus;
    private final ModelCatalog catalog;
    private final PermissionModule permissions;
    /**
     * The project config and permission mode of the agent being started on this thread: the runtime
     * asks the gate factory for the new agent's gate inside {@code start}, and the factory's
     * signature carries no config, so {@link #start} hands them over here for that one call.
     */
    private final ThreadLocal<Starting> starting = new ThreadLocal<>();
    private volatile AgentRuntime runtime;

    private record Starting(Config config, Mode mode) {}

    AgentModule(Dirs dirs, Map<String, String> env, Store store, Bus<Event> bus) {
        this.dirs = dirs;
        this.env = env;
        this.sessions = new Sessions(store, InstantSource.system());
        this.bus = bus;
        this.catalog = new ModelCatalog(env);
        this.permissions = new PermissionModule(dirs, env, store, bus);
    }

    void register(OpRouter router) {
        router.on(SessionOps.StartAgent.class, this::start)
                .on(SessionOps.SendInput.class, op -> {
                    runtime().send(op.agentId(), op.text());
                    return Ack.ok("queued for " + op.agentId());
                })
                .on(SessionOps.CancelAgent.class, op -> {
                    runtime().cancel(op.agentId());
                    permissions.cancelAgent(op.agentId());
                    return Ack.ok("cancelling " + op.agentId());
                })
                .on(SessionOps.ListAgents.class, op -> new SessionOps.AgentTreeResult(runtime().list()))
                .on(SessionOps.LatestSession.class, op -> {
                    SessionRecord s = latest(ProjectConfig.root(op.cwd()));
                    return new SessionOps.SessionSummary(s.id(), s.title(), s.model(), s.updatedAt());
                });
        permissions.register(router);
    }

    private SessionOps.StartAgentResult start(SessionOps.StartAgent op) {
        // 1) validate the request before anything is created
        if (op.prompt() == null || op.prompt().isBlank()) throw EngineException.invalid("empty prompt: say what the agent should do");
        int maxTurns = op.maxTurns() == null ? DEFAULT_MAX_TURNS : op.maxTurns();
        if (maxTurns <= 0) throw EngineException.invalid("--max-turns must be at least 1, got " + maxTurns);
        Path root = ProjectConfig.root(op.cwd());
        Mode mode;
        try {
            mode = op.permissionMode() == null || op.permissionMode().isBlank() ? Mode.ASK : Mode.parse(op.permissionMode());
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
        // 2) config of that project, the model, and the session to continue (if any)
        Config config = ProjectConfig.load(dirs, env, root);
        ModelChoice model = catalog.resolve(config, op.model());
        String sessionId = op.sessionId();
        if (sessionId != null) sessions.require(sessionId);
        // 3) start (the gate factory picks up this project's config and the mode)
        AgentRuntime rt = runtime();
        AgentRuntime.Started started;
        starting.set(new Starting(config, mode));
        try {
            started = rt.start(new AgentSpec(op.template() == null ? "main" : op.template(), op.prompt(), root,
                    ProjectConfig.space(root), model, maxTurns, sessionId, op.parentAgentId()));
        } finally {
            starting.remove();
        }
        return new SessionOps.StartAgentResult(started.agentId(), started.sessionId(), model.id(), model.providerName());
    }

    /** The most recent session of a project, for {@code --continue}. */
    SessionRecord latest(Path root) {
        return sessions.latest(root.toString()).orElseThrow(() -> EngineException.notFound(
                "no earlier session in " + root + " to continue: run without --continue to start one"));
    }

    private AgentRuntime runtime() {
        AgentRuntime r = runtime;
        if (r != null) return r;
        synchronized (this) {
            if (runtime == null) {
                RunShellTool shell = new RunShellTool(System.getenv(), List.of(), Sandbox.detect(env.get("PATH")));
                runtime = new AgentRuntime(sessions, ToolRegistry.standard(shell), this::gate, bus::publish,
                        InstantSource.system());
                permissions.statusSink(runtime::reportStatus);
            }
            return runtime;
        }
    }

    private PermissionGate gate(String agentId, String parentAgentId, Path root) {
        Starting s = starting.get();
        Config config = s != null ? s.config() : ProjectConfig.load(dirs, env, root);
        Mode mode = s != null ? s.mode() : Mode.ASK;
        return permissions.gate(agentId, parentAgentId, root, config, mode);
    }

    @Override
    public void close() {
        if (runtime != null) runtime.close();
    }
}
