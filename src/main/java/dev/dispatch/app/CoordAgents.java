package dev.dispatch.app;

import dev.dispatch.bus.Bus;
import dev.dispatch.coord.Coord;
import dev.dispatch.coord.EngineAgents;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.AgentOps.AgentView;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.LockOps;
import dev.dispatch.protocol.MessageOps;
import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.session.SessionRecord;
import dev.dispatch.session.Sessions;
import dev.dispatch.tool.CoordHoldings;
import dev.dispatch.tool.CoordPort;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes every in-process agent a coordination agent (issue 20). It follows the runtime's events: an
 * {@code AgentStarted} registers the agent in its project's space (under its runtime id, with parent,
 * model, template and detached flag), status changes are mirrored, and an {@code AgentFinished} records
 * the end and gives back the agent's claimed tasks and locks. While an agent runs, a beat keeps it live
 * and renews the leases and locks its coordination tools took. It is also the {@link CoordPort} those
 * tools call, and answers {@code agent send} and {@code agent tree}.
 */
final class CoordAgents implements CoordPort, AutoCloseable {
    /** How often live agents are marked seen and their leases and locks looked at. */
    static final Duration BEAT = Duration.ofSeconds(EngineAgents.HEARTBEAT_SECONDS / 2 - 1);

    /** Largest {@code agent send} text, as for coordination messages. */
    static final int MAX_SEND_BYTES = 64 * 1024;

    private final Coord coord;
    private final OpRouter router;
    private final Sessions sessions;
    private final AgentTrees trees;
    private final CoordHoldings holdings = new CoordHoldings();
    /** Agents this engine started, by runtime id. */
    private final Map<String, Identity> identities = new ConcurrentHashMap<>();
    /** The last registry status written per agent, so repeats cost no write. */
    private final Map<String, AgentOps.Status> statuses = new ConcurrentHashMap<>();
    /** Agents that run now (not ended): heartbeated, their holdings renewed. */
    private final Set<String> live = ConcurrentHashMap.newKeySet();

    private final Duration period;
    private final AutoCloseable subscription;
    private final Thread beat;

    CoordAgents(Coord coord, OpRouter router, Sessions sessions, AgentTrees trees, Bus<Event> bus) {
        this(coord, router, sessions, trees, bus, BEAT);
    }

    /** With the beat's period (tests shorten it to see leases and locks renewed). */
    CoordAgents(Coord coord, OpRouter router, Sessions sessions, AgentTrees trees, Bus<Event> bus, Duration period) {
        this.period = period;
        this.coord = coord;
        this.router = router;
        this.sessions = sessions;
        this.trees = trees;
        this.subscription = bus.subscribe(
                e -> e instanceof RuntimeEvents.AgentStarted
                        || e instanceof RuntimeEvents.AgentStateChanged
                        || e instanceof RuntimeEvents.AgentFinished,
                this::onEvent);
        this.beat = Thread.ofVirtual().name("coord-agents-beat").start(this::beatLoop);
    }

    void register(OpRouter r) {
        r.on(AgentOps.SendToAgent.class, this::send).on(AgentOps.ShowAgentTree.class, trees::tree);
    }

    // ---- CoordPort: what the coordination tools call ----

    @Override
    public Optional<Identity> identity(String agentId) {
        return agentId == null ? Optional.empty() : Optional.ofNullable(identities.get(agentId));
    }

    @Override
    public <R> R submit(Op<R> op) {
        return router.route(op);
    }

    @Override
    public CoordHoldings holdings() {
        return holdings;
    }

    // ---- the runtime's events ----

    /** Never throws: the bus drops a subscriber that does, and every later agent would go unregistered. */
    private void onEvent(Event e) {
        try {
            // instanceof, not a pattern switch: each such switch spins a class at its first run (issue #19)
            if (e instanceof RuntimeEvents.AgentStarted s) started(s);
            else if (e instanceof RuntimeEvents.AgentStateChanged c) changed(c.agentId(), c.status(), null);
            else if (e instanceof RuntimeEvents.AgentFinished f) finished(f);
        } catch (RuntimeException ignored) {
            // the store is closing or full: the agent still runs; the registry catches up at its next change
        }
    }

    private void started(RuntimeEvents.AgentStarted s) {
        String space = sessions.find(s.sessionId()).map(SessionRecord::space).orElse(null);
        if (space == null) return;
        AgentView v = coord.engineAgents()
                .register(
                        new EngineAgents.Start(
                                space,
                                s.agentId(),
                                s.name(),
                                s.parentAgentId(),
                                s.model(),
                                s.template(),
                                s.detached(),
                                s.sessionId()),
                        identities.keySet());
        identities.put(s.agentId(), new Identity(space, v.name()));
        statuses.put(s.agentId(), v.status());
        live.add(s.agentId());
    }

    private void changed(String agentId, AgentStatus status, String summary) {
        Identity who = identities.get(agentId);
        if (who == null) return;
        AgentOps.Status mapped = registryStatus(status);
        if (mapped == statuses.get(agentId) && summary == null) return;
        coord.agents()
                .status(new AgentOps.SetAgentStatus(
                        who.space(), who.name(), mapped, summary, null, null, null, null, null, null));
        statuses.put(agentId, mapped);
        if (mapped.finished()) live.remove(agentId);
        else live.add(agentId);
    }

    private void finished(RuntimeEvents.AgentFinished f) {
        Identity who = identities.get(f.agentId());
        if (who == null) return;
        live.remove(f.agentId());
        String error = f.error() == null || f.error().isBlank() ? null : clip(f.error());
        changed(f.agentId(), f.status(), error);
        holdings.forget(f.agentId());
        coord.engineAgents().release(who.space(), who.name(), registryStatus(f.status()));
    }

    static AgentOps.Status registryStatus(AgentStatus s) {
        return switch (s) {
            case RUNNING -> AgentOps.Status.active;
            case WAITING_USER, WAITING_CHILDREN, WAITING_KEY -> AgentOps.Status.blocked;
            case IDLE -> AgentOps.Status.idle;
            case DONE -> AgentOps.Status.done;
            case ERROR -> AgentOps.Status.error;
            case CANCELLED -> AgentOps.Status.cancelled;
        };
    }

    // ---- the beat: liveness, leases and locks of running agents ----

    /**
     * Heartbeats every {@link #period}; looks at the holdings every {@link #TICK} at most, so a lease or
     * lock as short as a second (taken between two heartbeats) is renewed long before it lapses.
     */
    private void beatLoop() {
        Instant lastHeartbeat = Instant.now();
        Duration tick = period.compareTo(TICK) < 0 ? period : TICK;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
            try {
                Instant now = Instant.now();
                if (!now.isBefore(lastHeartbeat.plus(period))) {
                    coord.engineAgents().heartbeat(List.copyOf(live));
                    lastHeartbeat = now;
                }
                renew(now);
            } catch (RuntimeException ignored) {
                // a busy or closing store: the next beat tries again, well before anything goes stale
            }
        }
    }

    /** How often holdings are looked at (in memory; a store write only when one is due). */
    static final Duration TICK = Duration.ofMillis(200);

    /** Whether a holding of {@code seconds} expiring at {@code expires} is past a third of its time. */
    static boolean due(Instant expires, long seconds, Instant now) {
        return expires != null && !expires.isAfter(now.plusMillis(seconds * 2000L / 3));
    }

    /** Marks running agents seen and renews leases and locks past a third of their time. */
    void beatOnce(Instant now) {
        coord.engineAgents().heartbeat(List.copyOf(live));
        renew(now);
    }

    /** Renews the leases and locks of running agents that are past a third of their time. */
    private void renew(Instant now) {
        List<String> ids = List.copyOf(live);
        for (String id : ids) {
            Identity who = identities.get(id);
            if (who == null) continue;
            for (CoordHoldings.Lease l : holdings.leases(id)) {
                if (!due(l.expiresAt(), l.leaseSeconds(), now)) continue;
                try {
                    TaskOps.TaskView t =
                            router.route(new TaskOps.ReportProgress(l.space(), l.taskId(), l.lease(), null));
                    holdings.claimed(
                            id,
                            new CoordHoldings.Lease(
                                    l.space(), l.taskId(), l.lease(), l.leaseSeconds(), t.leaseExpiresAt()));
                } catch (EngineException e) {
                    if (e.code() != ErrorCode.BUSY && e.code() != ErrorCode.INTERNAL) holdings.released(id, l.taskId());
                }
            }
            for (CoordHoldings.Held h : holdings.locks(id)) {
                if (!due(h.expiresAt(), h.ttlSeconds(), now)) continue;
                try {
                    LockOps.LockView v = router.route(
                            new LockOps.RenewLock(h.space(), h.lockId(), who.name(), h.token(), h.ttlSeconds()));
                    holdings.locked(
                            id,
                            new CoordHoldings.Held(h.space(), h.lockId(), h.token(), h.ttlSeconds(), v.expiresAt()));
                } catch (EngineException e) {
                    if (e.code() != ErrorCode.BUSY && e.code() != ErrorCode.INTERNAL) holdings.unlocked(id, h.lockId());
                }
            }
        }
    }

    // ---- agent send ----

    /**
     * {@code agent send}: an agent of this engine gets the text in its conversation (SendInput: at its
     * next tool boundary, at once when idle); an external agent gets a message from the operator.
     */
    private AgentOps.SendResult send(AgentOps.SendToAgent p) {
        if (p.text() == null || p.text().isBlank())
            throw EngineException.invalid("empty message: give the text to send, e.g. dispatch agent send " + p.agent()
                    + " \"focus on OAuth\"");
        int bytes = p.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_SEND_BYTES)
            throw new EngineException(
                    ErrorCode.TOO_LARGE,
                    "message is " + bytes + " bytes; the limit is " + MAX_SEND_BYTES
                            + " (64 KiB): put long material in a file or a knowledge topic and send its name");
        AgentView a = coord.engineAgents().resolve(p.space(), p.agent());
        if ("in-process".equals(a.kind())) {
            if (!identities.containsKey(a.id())) {
                throw EngineException.conflict("agent '" + a.name() + "' (" + a.id() + ") is not running in this engine"
                        + " (status " + a.status() + ", " + a.liveness() + "): the process that ran it has ended;"
                        + " start a new agent, or send to one that runs (see 'dispatch agent tree')");
            }
            router.route(new SessionOps.SendInput(a.id(), p.text()));
            return new AgentOps.SendResult(a.id(), a.name(), a.kind(), "conversation", null);
        }
        MessageOps.SendResult r = router.route(new MessageOps.SendMessage(
                a.space(), "operator", a.name(), p.text(), null, MessageOps.Importance.normal, false));
        return new AgentOps.SendResult(
                a.id(), a.name(), a.kind(), "inbox", r.message().id());
    }

    private static String clip(String s) {
        return s.length() <= 4000 ? s : s.substring(0, 3999) + "…";
    }

    @Override
    public void close() {
        beat.interrupt();
        try {
            subscription.close();
        } catch (Exception ignored) {
            // removing a bus subscriber cannot fail
        }
    }
}
