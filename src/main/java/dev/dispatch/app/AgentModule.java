package dev.dispatch.app;

import dev.dispatch.agent.AgentRuntime;
import dev.dispatch.agent.AgentSpec;
import dev.dispatch.agent.ModelChoice;
import dev.dispatch.bus.Bus;
import dev.dispatch.config.Config;
import dev.dispatch.config.Dirs;
import dev.dispatch.permission.Permissions;
import dev.dispatch.protocol.Ack;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.session.SessionRecord;
import dev.dispatch.session.Sessions;
import dev.dispatch.store.Store;
import dev.dispatch.tool.ToolRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.InstantSource;
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
    private volatile AgentRuntime runtime;

    AgentModule(Dirs dirs, Map<String, String> env, Store store, Bus<Event> bus) {
        this.dirs = dirs;
        this.env = env;
        this.sessions = new Sessions(store, InstantSource.system());
        this.bus = bus;
        this.catalog = new ModelCatalog(env);
    }

    void register(OpRouter router) {
        router.on(SessionOps.StartAgent.class, this::start)
                .on(SessionOps.SendInput.class, op -> {
                    runtime().send(op.agentId(), op.text());
                    return Ack.ok("queued for " + op.agentId());
                })
                .on(SessionOps.CancelAgent.class, op -> {
                    runtime().cancel(op.agentId());
                    return Ack.ok("cancelling " + op.agentId());
                })
                .on(SessionOps.ListAgents.class, op -> new SessionOps.AgentTreeResult(runtime().list()))
                .on(SessionOps.LatestSession.class, op -> {
                    SessionRecord s = latest(ProjectConfig.root(op.cwd()));
                    return new SessionOps.SessionSummary(s.id(), s.title(), s.model(), s.updatedAt());
                });
    }

    private SessionOps.StartAgentResult start(SessionOps.StartAgent op) {
        // 1) validate the request before anything is created
        if (op.prompt() == null || op.prompt().isBlank()) throw EngineException.invalid("empty prompt: say what the agent should do");
        int maxTurns = op.maxTurns() == null ? DEFAULT_MAX_TURNS : op.maxTurns();
        if (maxTurns <= 0) throw EngineException.invalid("--max-turns must be at least 1, got " + maxTurns);
        Path root = ProjectConfig.root(op.cwd());
        // 2) config of that project, the model, and the session to continue (if any)
        Config config = ProjectConfig.load(dirs, env, root);
        ModelChoice model = catalog.resolve(config, op.model());
        String sessionId = op.sessionId();
        if (sessionId != null) sessions.require(sessionId);
        // 3) start
        var started = runtime().start(new AgentSpec(op.template() == null ? "main" : op.template(), op.prompt(), root,
                ProjectConfig.space(root), model, maxTurns, sessionId, op.parentAgentId()));
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
                runtime = new AgentRuntime(sessions, ToolRegistry.standard(), AgentModule::rootPolicy, bus::publish,
                        InstantSource.system());
            }
            return runtime;
        }
    }

    private static dev.dispatch.permission.PermissionGate rootPolicy(String agentId, String parent, Path root) {
        try {
            return new Permissions(root).gate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (runtime != null) runtime.close();
    }
}
