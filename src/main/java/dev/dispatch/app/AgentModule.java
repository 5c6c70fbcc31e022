package dev.dispatch.app;

import dev.dispatch.agent.AgentRuntime;
import dev.dispatch.agent.AgentSpec;
import dev.dispatch.agent.KeyLedger;
import dev.dispatch.agent.ModelChoice;
import dev.dispatch.agent.Route;
import dev.dispatch.bus.Bus;
import dev.dispatch.config.AgentConfig;
import dev.dispatch.config.Config;
import dev.dispatch.config.Dirs;
import dev.dispatch.permission.Mode;
import dev.dispatch.permission.PermissionGate;
import dev.dispatch.protocol.Ack;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.ModelOps;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.session.Budgets;
import dev.dispatch.session.KeyStates;
import dev.dispatch.session.SessionRecord;
import dev.dispatch.session.Sessions;
import dev.dispatch.session.TaskLists;
import dev.dispatch.session.WaitingAgents;
import dev.dispatch.store.Store;
import dev.dispatch.tool.ActivateSkillTool;
import dev.dispatch.tool.RunShellTool;
import dev.dispatch.tool.SecretRedactor;
import dev.dispatch.tool.TaskListTool;
import dev.dispatch.tool.ToolRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    private final InstantSource clock;
    private final Budgets budgets;
    private final KeyStates keyStates;
    private final TaskLists taskLists;
    private final ProjectConfigs projects;
    private final KeyReports reports;
    private final KeyLedger.Pause pause;
    /** Agents waiting for a key across restarts (saved at close, resumed by the next engine). */
    private final KeyWaits keyWaits;

    private final PermissionModule permissions;
    private final LspModule lsp;
    /** Whether an agent's start also starts its project's language servers (long-lived owners); else on first use. */
    volatile boolean prewarmLanguageServers = true;
    /**
     * The project config and permission mode of the agent being started on this thread: the runtime
     * asks the gate factory for the new agent's gate inside {@code start}, and the factory's
     * signature carries no config, so {@link #start} hands them over here for that one call.
     */
    private final ThreadLocal<Starting> starting = new ThreadLocal<>();

    private volatile AgentRuntime runtime;

    /** The coordination tools (claim_task, lock, send_message, kb_*: see {@link CoordAgents}), set at wiring. */
    private volatile List<dev.dispatch.tool.Tool<?>> coordTools = List.of();

    /** The agent-tree tools reach the runtime through this, set once the runtime exists. */
    private final TeamTools.Link team = new TeamTools.Link();

    private final dev.dispatch.agent.Questions questions = new dev.dispatch.agent.Questions(InstantSource.system());
    private volatile ConfigWatcher watcher;

    private record Starting(
            Config config, Mode mode, dev.dispatch.permission.Grants requested, boolean approveChildren) {}

    AgentModule(Dirs dirs, Map<String, String> env, Store store, Bus<Event> bus) {
        this(dirs, env, store, bus, InstantSource.system(), KeyLedger.Pause.REAL);
    }

    /** With the clock that decides budget periods and cool-downs, and how waits pause (tests). */
    AgentModule(
            Dirs dirs,
            Map<String, String> env,
            Store store,
            Bus<Event> bus,
            InstantSource clock,
            KeyLedger.Pause pause) {
        this.dirs = dirs;
        this.env = env;
        this.sessions = new Sessions(store, InstantSource.system());
        this.bus = bus;
        this.catalog = new ModelCatalog(env);
        this.permissions = new PermissionModule(dirs, env, store, bus);
        this.clock = clock;
        this.pause = pause;
        this.budgets = new Budgets(store, clock);
        this.keyStates = new KeyStates(store, clock);
        this.taskLists = new TaskLists(store, InstantSource.system());
        this.projects = new ProjectConfigs(dirs, env, bus::publish, clock);
        this.projects.onConfigChange(keyStates::enableAll);
        this.reports = new KeyReports(catalog, budgets, keyStates, clock);
        this.keyWaits = new KeyWaits(new WaitingAgents(store, InstantSource.system()));
        this.checkpoints = new dev.dispatch.session.Checkpoints(store, InstantSource.system());
        this.snapshots = new dev.dispatch.session.AgentSnapshots(store, InstantSource.system());
        this.liveCheck = new SessionModule(store, this::agentsNow, InstantSource.system(), checkpoints);
        this.notes = new dev.dispatch.session.SessionNotes(store, InstantSource.system());
        this.compactor = new dev.dispatch.agent.Compactor(sessions, notes, taskLists);
        this.control =
                new SessionControl(this::runtime, projects, catalog, sessions, notes, compactor, keyWaits.startedAs());
        this.lsp = new LspModule(env, projects, bus::publish, dirs);
        this.mcp = new McpClientModule(
                dirs,
                env,
                projects::config,
                java.util.Objects.requireNonNullElse(
                        AgentModule.class.getPackage().getImplementationVersion(), "dev"));
    }

    /** Model switches, compactions, undos; an undo is told to the session's agent with its next input. */
    private final dev.dispatch.session.SessionNotes notes;

    /** Each agent's last known state, kept as it changes (sessions show, resume). */
    private final dev.dispatch.session.AgentSnapshots snapshots;

    /** Before-images of the files each turn writes (sessions undo/diff). */
    private final dev.dispatch.session.Checkpoints checkpoints;

    /** Compaction of conversations (automatic near the context window, and on demand). */
    private final dev.dispatch.agent.Compactor compactor;
    /** Model switch and compaction ops. */
    private final SessionControl control;

    /** MCP servers' tools for the agents, and dispatch mcp list/trust (issue 21). */
    private final McpClientModule mcp;

    /** Gives every agent started from now on these coordination tools too (issue 20). */
    /** The engine's coordination port: write_file/edit_file ask its reservations and report their edits. */
    private volatile dev.dispatch.tool.CoordPort coordPort;

    void coordPort(dev.dispatch.tool.CoordPort port) {
        this.coordPort = port;
    }

    void coordTools(List<dev.dispatch.tool.Tool<?>> tools) {
        this.coordTools = List.copyOf(tools);
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
                .on(SessionOps.InterruptTurn.class, op -> {
                    String id = SessionControl.agentId(runtime(), op.agentId()); // its id or its name
                    if (!runtime().interrupt(id)) return Ack.ok(id + " is idle: nothing to interrupt");
                    permissions.cancelAgent(id);
                    return Ack.ok("interrupting " + id + "'s turn");
                })
                .on(
                        SessionOps.ListAgents.class,
                        op -> new SessionOps.AgentTreeResult(runtime().list()))
                .on(SessionOps.LatestSession.class, op -> {
                    SessionRecord s = latest(projectRoot(op.cwd()));
                    return new SessionOps.SessionSummary(s.id(), s.title(), s.model(), s.updatedAt());
                })
                .on(ModelOps.ResumeWaitingAgents.class, op -> keyWaits.resume(this::start))
                .on(SessionOps.AnswerQuestion.class, op -> {
                    runtime();
                    String agent = questions.answer(op.questionId(), op.answer(), bus::publish);
                    return Ack.ok(op.questionId() + " answered; " + agent + " continues");
                });
        new ModelQueries(projects, reports, keyStates).register(router);
        control.register(router);
        permissions.register(router);
        lsp.register(router);
        mcp.register(router);
    }

    private SessionOps.StartAgentResult start(SessionOps.StartAgent op) {
        return start(op, null);
    }

    /** Starts an agent; {@code x} non-null for a child summoned by another agent ({@link Summons}). */
    SessionOps.StartAgentResult start(SessionOps.StartAgent op, Summons.Extras x) {
        // 1) validate the request before anything is created
        if (op.prompt() == null || op.prompt().isBlank())
            throw EngineException.invalid("empty prompt: say what the agent should do");
        int maxTurns = op.maxTurns() == null ? DEFAULT_MAX_TURNS : op.maxTurns();
        if (maxTurns <= 0) throw EngineException.invalid("--max-turns must be at least 1, got " + maxTurns);
        Path root = projectRoot(op.cwd());
        Mode mode;
        try {
            mode = op.permissionMode() == null || op.permissionMode().isBlank()
                    ? Mode.ASK
                    : Mode.parse(op.permissionMode());
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
        // 2) config of that project, the template, the model (or tag) and the session to continue
        Config config = projects.config(root);
        op = ResumedMain.restore(op, snapshots, config);
        String type = op.template() == null ? "main" : op.template();
        Optional<AgentConfig> template = config.agent(type);
        if (op.template() != null && template.isEmpty() && !"main".equals(type))
            throw EngineException.notFound("no agent template '" + type + "' in dispatch.yaml; templates: "
                    + config.agents().stream().map(AgentConfig::id).toList());
        if (op.maxTurns() == null)
            maxTurns = template.flatMap(AgentConfig::maxTurns).orElse(DEFAULT_MAX_TURNS);
        mode = AgentTemplates.mode(type, template).map(mode::stricter).orElse(mode);
        boolean explicit = op.model() != null && !op.model().isBlank()
                || op.tag() != null && !op.tag().isBlank();
        String modelId =
                explicit ? op.model() : template.flatMap(AgentConfig::model).orElse(null);
        String tag = explicit ? op.tag() : template.flatMap(AgentConfig::tag).orElse(null);
        List<Route> routes = catalog.routes(config, modelId, tag);
        ModelChoice model = routes.isEmpty()
                ? catalog.resolve(
                        config, catalog.candidates(config, modelId, tag).get(0).id())
                : routes.get(0).model();
        String sessionId = op.sessionId();
        if (sessionId != null) sessions.require(sessionId);
        if (sessionId != null && op.parentAgentId() == null) liveCheck.requireNotLive(sessionId, "continue");
        String extra = AgentTemplates.extraSystem(
                projects.skills(root), type, op.parentAgentId(), template, x == null ? List.of() : x.skills());
        boolean templateSummons = template.map(AgentConfig::summonSubagents).orElse(true);
        dev.dispatch.config.SubagentLimits limits = config.subagents();
        dev.dispatch.agent.Placement placement = x == null
                ? dev.dispatch.agent.Placement.root(type, templateSummons, limits)
                : new dev.dispatch.agent.Placement(
                        type,
                        x.detached(),
                        templateSummons && x.summonGranted() && !x.leaf(),
                        x.mayDetach(),
                        true,
                        limits);
        // 3) start, routed through the key gateway; watch the project's config and skills from now on
        AgentRuntime rt = runtime();
        watch(root);
        if (prewarmLanguageServers) lsp.warm(root);
        // the gate factory picks up this project's config and the mode
        AgentRuntime.Started started;
        starting.set(new Starting(
                config,
                mode,
                x == null ? null : x.requested(),
                template.map(AgentConfig::approveChildren).orElse(false)));
        try {
            started = rt.start(
                    new AgentSpec(
                            Summons.nameFor(x, op.template(), type),
                            op.prompt(),
                            root,
                            spaceOf(root),
                            model,
                            maxTurns,
                            sessionId,
                            op.parentAgentId(),
                            new ConfigRouting(projects.live(root), catalog, modelId, tag),
                            extra,
                            template.map(AgentConfig::tools).orElse(List.of())),
                    placement);
        } finally {
            starting.remove();
        }
        keyWaits.startedAs()
                .put(
                        started.agentId(),
                        new WaitingAgents.Waiting(
                                started.sessionId(),
                                root.toString(),
                                op.template(),
                                op.model(),
                                op.tag(),
                                op.maxTurns()));
        return new SessionOps.StartAgentResult(
                started.agentId(), started.sessionId(), model.id(), model.providerName());
    }

    private void watch(Path root) {
        try {
            ConfigWatcher w = watcher;
            if (w == null) {
                synchronized (this) {
                    if (watcher == null) watcher = new ConfigWatcher(projects, Duration.ofMillis(200));
                    w = watcher;
                }
            }
            w.watch(root);
        } catch (IOException e) {
            // without a watch service the engine still runs; config changes then apply on restart
        }
    }

    /** The most recent session of a project, for {@code --continue} and the session commands without an ID. */
    SessionRecord latest(Path root) {
        return sessions.latest(root.toString())
                .orElseThrow(() -> EngineException.notFound(
                        "no session recorded in " + root + " yet: start one with 'dispatch run' or 'dispatch'"
                                + " (--continue, and the session commands without an ID, use its latest)"));
    }

    static Path projectRoot(String cwd) {
        return ProjectConfig.root(cwd);
    }

    static String spaceOf(Path root) {
        return ProjectConfig.space(root);
    }

    AgentRuntime runtime() {
        AgentRuntime r = runtime;
        if (r != null) return r;
        synchronized (this) {
            if (runtime == null) {
                RunShellTool shell = new RunShellTool(
                        System.getenv(),
                        Sandboxes.detect(env),
                        root -> Sandboxes.settings(projects.config(root), env, dirs));
                List<dev.dispatch.tool.Tool<?>> extra = new java.util.ArrayList<>(
                        List.of(new TaskListTool(taskLists), new ActivateSkillTool(projects::skills)));
                extra.addAll(coordTools);
                extra.addAll(TeamTools.all(team)); // agents that spawn agents (summon_agent and its kin)
                ToolRegistry tools = ToolRegistry.standardWith(shell, extra)
                        .withFileHook(dev.dispatch.tool.FileHook.all(
                                new dev.dispatch.tool.CheckpointHook(checkpoints),
                                lsp.hook(),
                                coordPort == null
                                        ? dev.dispatch.tool.FileHook.NONE
                                        : new dev.dispatch.tool.ReservationHook(coordPort)))
                        .withSource(lsp.tools()) // language server tools, where lsp.enabled
                        .withSource(mcp); // MCP servers' tools
                tools = tools.withSecrets(
                        root -> SecretRedactor.of(ConfiguredSecrets.of(projects.config(root), env, dirs)));
                runtime = new AgentRuntime(
                        sessions, tools, this::gate, bus::publish, clock, new KeyLedger(budgets, keyStates, pause));
                runtime.checkpoints(checkpoints);
                runtime.snapshots(snapshots);
                runtime.notices(notes::takeForAgent);
                runtime.compaction(compactor, root -> projects.config(root).compactionThreshold());
                permissions.statusSink(runtime::reportStatus);
                runtime.onCancel(permissions::cancelAgent);
                permissions.ancestry(runtime::ancestry);
                team.set(new dev.dispatch.agent.Team(
                        runtime, new Summons(this, permissions, projects)::start, taskLists, questions));
            }
            return runtime;
        }
    }

    private PermissionGate gate(String agentId, String parentAgentId, Path root) {
        Starting s = starting.get();
        Config config = s != null ? s.config() : projects.config(root);
        Mode mode = s != null ? s.mode() : Mode.ASK;
        return permissions.gate(
                agentId,
                parentAgentId,
                root,
                config,
                mode,
                s == null ? null : s.requested(),
                s != null && s.approveChildren());
    }

    /** Every agent of the runtime now (none before the first start). */
    List<SessionOps.AgentSnapshot> agentsNow() {
        AgentRuntime r = runtime;
        return r == null ? List.of() : r.list();
    }

    /** The session routes; refuses continuing a session an agent is working in right now. */
    final SessionModule liveCheck;

    /** The task_list items of a running agent (empty when it is unknown or has none). */
    List<TaskLists.Item> taskListOf(String agentId) {
        AgentRuntime r = runtime;
        if (r == null || agentId == null) return List.of();
        return r.list().stream()
                .filter(a -> a.agentId().equals(agentId))
                .findFirst()
                .map(a -> taskLists.list(a.sessionId()))
                .orElse(List.of());
    }

    @Override
    public void close() {
        if (watcher != null) watcher.close();
        if (runtime != null) {
            keyWaits.saveWaiting(runtime.list()); // resumed by the next long-lived engine
            runtime.close();
        }
        lsp.close();
        // the provider clients' selector threads wait in epoll: a JVM exiting with a thread in native
        // code waits up to 300 ms for it (HotSpot's VM_Exit), which every headless run paid at its end
        catalog.close();
        mcp.close(); // kills the MCP servers' processes
    }
}
