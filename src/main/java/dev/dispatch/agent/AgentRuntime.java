package dev.dispatch.agent;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps.AgentSnapshot;
import dev.dispatch.session.SessionRecord;
import dev.dispatch.session.Sessions;
import dev.dispatch.tool.ToolRegistry;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs in-process agents, each on its own virtual thread: start one on a prompt (new session or
 * continued), hand it more input (delivered at its next tool boundary), cancel it, list them. An agent
 * that finishes its input waits for more until the runtime closes.
 */
public final class AgentRuntime implements AutoCloseable {
    private final Sessions sessions;
    private final ToolRegistry tools;
    private final GateFactory gates;
    private final Consumer<Event> events;
    private final InstantSource clock;
    private final KeyLedger keys;
    private final Map<String, RunningAgent> agents = new ConcurrentHashMap<>();
    private final Map<String, Thread> threads = new ConcurrentHashMap<>();
    /** Guards spawns: the caps are checked and the child registered as one step. */
    private final Object tree = new Object();

    private volatile Consumer<String> cancelled = id -> {};
    /** Compaction, checkpoints, snapshots and notices: what the store adds to each agent (all optional). */
    private final RuntimeHooks hooks = new RuntimeHooks();

    public AgentRuntime(
            Sessions sessions, ToolRegistry tools, GateFactory gates, Consumer<Event> events, InstantSource clock) {
        this(sessions, tools, gates, events, clock, null);
    }

    /** With {@code keys}, agents whose spec has routing call through the {@link KeyGateway}. */
    public AgentRuntime(
            Sessions sessions,
            ToolRegistry tools,
            GateFactory gates,
            Consumer<Event> events,
            InstantSource clock,
            KeyLedger keys) {
        this.keys = keys;
        this.sessions = sessions;
        this.tools = tools;
        this.gates = gates;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Turns compaction on: resumes start from a session's latest compaction, and each call first
     * compacts when the context reached {@code threshold(projectRoot)} of the model's window.
     */
    public void compaction(Compactor compactor, java.util.function.ToDoubleFunction<java.nio.file.Path> threshold) {
        hooks.compaction = new Compaction(compactor, threshold, events);
    }

    /** Numbers turn checkpoints: each agent input tells {@code checkpoints} its turn. */
    public void checkpoints(dev.dispatch.session.Checkpoints checkpoints) {
        hooks.checkpoints = checkpoints;
    }

    /** Where each input's pending notices come from (what was undone since the agent's last turn). */
    public void notices(java.util.function.Function<String, List<String>> pending) {
        hooks.notices = pending;
    }

    /** Stores each agent's snapshot as it starts, changes status or switches model (sessions show, resume). */
    public void snapshots(dev.dispatch.session.AgentSnapshots snapshots) {
        hooks.snapshots = snapshots;
    }

    /** What {@link #start} created. */
    public record Started(String agentId, String sessionId) {}

    public Started start(AgentSpec spec) {
        return start(spec, Placement.defaults(spec.name()));
    }

    /**
     * Starts an agent placed in its tree: a child (spec's {@code parentAgentId}) passes the caps of
     * {@link Spawning#check} first, and gets a unique readable name from {@code spec.name()}.
     */
    public Started start(AgentSpec spec, Placement placement) {
        RunningAgent agent;
        synchronized (tree) {
            // 1) the parent and the caps, before anything is created
            RunningAgent parent = null;
            if (spec.parentAgentId() != null) {
                parent = agents.get(spec.parentAgentId());
                if (parent == null)
                    throw EngineException.notFound("no running agent '" + spec.parentAgentId()
                            + "' to be the parent; see 'dispatch agent list'");
                Spawning.check(parent, placement.limits());
            }
            // 2) the session: a new one, or the given one with its history
            SessionRecord session = spec.sessionId() == null
                    ? sessions.create(
                            spec.space(),
                            spec.projectRoot().toString(),
                            Spawning.title(spec.prompt()),
                            spec.model().id(),
                            spec.model().providerName(),
                            parent == null ? null : parent.sessionId())
                    : sessions.require(spec.sessionId());
            String agentId = Spawning.newAgentId();
            String name = Spawning.uniqueName(spec.name(), spec.prompt(), names());
            agent = new RunningAgent(
                    agentId,
                    name,
                    parent,
                    placement,
                    session.id(),
                    spec,
                    gates.forAgent(agentId, spec.parentAgentId(), spec.projectRoot()));
            if (spec.sessionId() != null) agent.history().addAll(hooks.restore(sessions, session.id()));
            agents.put(agentId, agent);
            latestOnSession.put(session.id(), agentId);
            if (parent != null) parent.lineage().children.add(agent);
        }
        hooks.persist(agent);
        events.accept(new RuntimeEvents.AgentStarted(
                agent.id(),
                spec.parentAgentId(),
                agent.name(),
                agent.sessionId(),
                spec.model().id(),
                spec.model().providerName(),
                clock.instant(),
                placement.template(),
                placement.detached()));
        // 3) the loop, on its own virtual thread
        AgentLoop loop = AgentLoop.of(spec, placement, tools, sessions, events, clock, keys);
        hooks.wire(loop);
        agent.offer(spec.prompt());
        Thread t = Thread.ofVirtual().name("agent-" + agent.id()).start(() -> serve(agent, loop));
        threads.put(agent.id(), t);
        return new Started(agent.id(), agent.sessionId());
    }

    /**
     * Compacts a running agent's context on its own thread, now if it is idle; refused while it works
     * (a turn in flight would race the summary).
     */
    public Compactor.Result compact(String agentId) throws InterruptedException {
        return hooks.compactNow(require(agentId));
    }

    /** What a model switch changed. */
    public record ModelSwitch(String agentId, String sessionId, String previousModel, ModelChoice model) {}

    /**
     * Switches a running agent to {@code model} (served through {@code routing}, null for direct calls):
     * its next call sends the whole conversation to the new model; the session's model columns follow.
     */
    public ModelSwitch switchModel(String agentId, ModelChoice model, Routing routing) {
        RunningAgent a = require(agentId);
        String previous = a.spec().model().id();
        a.switchModel(model, a.spec().routing() == null ? null : routing);
        sessions.setModel(a.sessionId(), model.id(), model.providerName());
        hooks.persist(a);
        return new ModelSwitch(agentId, a.sessionId(), previous, model);
    }

    /** How the agent was started (with its current model). */
    public AgentSpec spec(String agentId) {
        return require(agentId).spec();
    }

    /**
     * The running agent that continues {@code sessionId} now (the latest started on it, while its thread
     * lives), or null. An earlier agent of the session may still idle in this engine: its context is stale.
     */
    public String agentOfSession(String sessionId) {
        String id = latestOnSession.get(sessionId);
        Thread t = id == null ? null : threads.get(id);
        return t != null && t.isAlive() ? id : null;
    }

    /** Session id → the agent started on it last. */
    private final Map<String, String> latestOnSession = new ConcurrentHashMap<>();

    private java.util.Set<String> names() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (RunningAgent a : agents.values()) out.add(a.name());
        return out;
    }

    private void serve(RunningAgent agent, AgentLoop loop) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                RunningAgent.Input input = agent.awaitInput(1, TimeUnit.HOURS);
                if (input == null) continue;
                if (input.stop()) return;
                if (input.compact() != null) {
                    hooks.compactIdle(agent, input.compact());
                    continue;
                }
                agent.resetCancel();
                setStatus(agent, AgentStatus.RUNNING, "");
                AgentLoop.Outcome out;
                try {
                    out = loop.run(agent, input.text());
                } catch (RuntimeException e) {
                    AgentStatus st = agent.cancelled() ? AgentStatus.CANCELLED : AgentStatus.ERROR;
                    out = new AgentLoop.Outcome(
                            st,
                            "",
                            (st == AgentStatus.CANCELLED ? agent.cancelReason() + "; " : "") + "stopped: "
                                    + e.getMessage());
                }
                finish(agent, out);
                if (agent.lineage().placement.oneShot()) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (agent.lineage().placement.oneShot()) {
                // a summoned child's work is over: its conversation lives on in the store only
                agent.lineage().result.complete(new AgentLoop.Outcome(AgentStatus.CANCELLED, "", "stopped"));
                threads.remove(agent.id());
            }
        }
    }

    /**
     * Records and announces how an input ended. The announcement never depends on the recording:
     * a face waiting for the end (a headless run being interrupted while the process shuts down)
     * must hear it even when the store is already closing. An error or cancel takes the agent's
     * children down with it; a child's outcome goes to its parent (wait_agents, or a message for a
     * detached child nobody waits for).
     */
    private void finish(RunningAgent agent, AgentLoop.Outcome out) {
        String error = out.error();
        try {
            sessions.setStatus(agent.sessionId(), out.status().name().toLowerCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            error = (error == null ? "" : error + "; ") + "the session's final status was not recorded: "
                    + e.getMessage();
        }
        boolean oneShot = agent.lineage().placement.oneShot();
        for (RunningAgent c : agent.lineage().children) {
            // an error or cancel takes the subtree down; a finished summoned child leaves no worker behind
            // that nobody can collect (its detached children keep their own thread with the user)
            boolean failed = out.status() == AgentStatus.ERROR || out.status() == AgentStatus.CANCELLED;
            if (failed || oneShot && !c.lineage().placement.detached() && !Spawning.finished(c)) cancelTree(c);
        }
        setStatus(agent, out.status(), error);
        events.accept(new RuntimeEvents.AgentFinished(agent.id(), out.status(), out.text(), error));
        Lineage line = agent.lineage();
        if (line.placement.oneShot()) {
            AgentLoop.Outcome result = new AgentLoop.Outcome(out.status(), out.text(), error);
            line.result.complete(result);
            agent.history().clear();
            RunningAgent parent = line.parent;
            // a root parent that answered its turn is idle, not gone: it still serves input, so it hears too
            Thread serving = parent == null ? null : threads.get(parent.id());
            boolean listening = parent != null
                    && (!Spawning.finished(parent)
                            || !parent.lineage().placement.oneShot() && serving != null && serving.isAlive());
            if (line.placement.detached() && !line.collected && listening) {
                parent.offer(Team.report(agent, result));
            }
        }
    }

    /** Cancels an agent and its whole subtree (model streams, tools, shell processes, prompts). */
    void cancelTree(RunningAgent top) {
        for (RunningAgent a : Spawning.subtree(top)) {
            a.cancel();
            if (a.lineage().placement.oneShot()) a.stop();
            cancelled.accept(a.id());
        }
    }

    /** Told each agent id a cancel reaches (the engine refuses its open permission prompts). */
    public void onCancel(Consumer<String> listener) {
        this.cancelled = listener == null ? id -> {} : listener;
    }

    public void send(String agentId, String text) {
        if (text == null || text.isBlank())
            throw EngineException.invalid("empty message for " + agentId + ": type some text");
        require(agentId).offer(text);
    }

    /** Cancels the agent and its subtree. */
    public void cancel(String agentId) {
        cancelTree(require(agentId));
    }

    /**
     * Stops the turn the agent is working on (stream, tools, shell processes; {@link #finish} takes its
     * children's work down) and keeps the agent serving input. False when it is idle: nothing changes.
     */
    public boolean interrupt(String agentId) {
        RunningAgent a = require(agentId);
        AgentStatus s = a.status();
        if (s == AgentStatus.IDLE || s == AgentStatus.DONE || s == AgentStatus.ERROR || s == AgentStatus.CANCELLED)
            return false;
        a.interrupt();
        cancelled.accept(a.id());
        return true;
    }

    public List<AgentSnapshot> list() {
        List<AgentSnapshot> out = new ArrayList<>();
        for (RunningAgent a : agents.values()) out.add(a.snapshot());
        out.sort(java.util.Comparator.comparing((AgentSnapshot s) -> s.parentAgentId() == null ? "" : s.parentAgentId())
                .thenComparing(AgentSnapshot::agentId));
        return out;
    }

    RunningAgent find(String agentId) {
        return agentId == null ? null : agents.get(agentId);
    }

    Sessions sessions() {
        return sessions;
    }

    Consumer<Event> events() {
        return events;
    }

    /** The {@code main › planner} ancestry of an agent, or its id when unknown (for prompts and events). */
    public String ancestry(String agentId) {
        RunningAgent a = agents.get(agentId);
        return a == null ? agentId : Spawning.ancestry(a);
    }

    RunningAgent require(String agentId) {
        RunningAgent a = agents.get(agentId);
        if (a == null) throw EngineException.notFound("no running agent '" + agentId + "'");
        return a;
    }

    /**
     * A status change seen outside the loop, such as a permission prompt waiting for the operator
     * (WAITING_USER) and its answer (back to RUNNING); kept for snapshots and emitted.
     */
    public void reportStatus(String agentId, AgentStatus status, String detail) {
        RunningAgent a = agents.get(agentId);
        if (a == null) events.accept(new RuntimeEvents.AgentStateChanged(agentId, status, detail));
        else setStatus(a, status, detail);
    }

    void setStatus(RunningAgent agent, AgentStatus status, String detail) {
        agent.status(status, detail);
        hooks.persist(agent);
        events.accept(new RuntimeEvents.AgentStateChanged(agent.id(), status, detail));
    }

    /**
     * Stops every agent cooperatively: cancel (stream and tools), wake its thread with the stop signal,
     * and wait. Interrupting is the last resort for a thread that ignores all that, because an
     * interrupt landing inside the store's file I/O closes the store's channel.
     */
    @Override
    public void close() {
        agents.values().forEach(RunningAgent::stop);
        if (joinAll(5000)) return;
        threads.values().forEach(Thread::interrupt);
        joinAll(1000);
    }

    private boolean joinAll(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (Thread t : threads.values()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            try {
                if (left > 0) t.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return threads.values().stream().noneMatch(Thread::isAlive);
    }
}
