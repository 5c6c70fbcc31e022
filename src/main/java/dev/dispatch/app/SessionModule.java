package dev.dispatch.app;

import dev.dispatch.protocol.Ack;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.SessionBrowseOps;
import dev.dispatch.protocol.SessionOps.AgentSnapshot;
import dev.dispatch.session.SessionCatalog;
import dev.dispatch.session.SessionDates;
import dev.dispatch.session.Sessions;
import dev.dispatch.store.Store;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

/**
 * Answers {@link SessionBrowseOps}: list, show, search, rename, delete, fork and resume recorded
 * sessions. A session that a running agent is working in right now is "live": resuming, deleting or
 * continuing it from another face is refused with the agent and owner named.
 */
final class SessionModule {
    static final int DEFAULT_LIMIT = 50;
    private final Sessions sessions;
    private final SessionCatalog catalog;
    private final Supplier<List<AgentSnapshot>> agents;
    private final InstantSource clock;

    private final SessionUndo undo;

    SessionModule(Store store, Supplier<List<AgentSnapshot>> agents, InstantSource clock) {
        this(store, agents, clock, new dev.dispatch.session.Checkpoints(store, clock));
    }

    /** With the turn checkpoints the agents' file writes are recorded in (undo, diff). */
    SessionModule(
            Store store,
            Supplier<List<AgentSnapshot>> agents,
            InstantSource clock,
            dev.dispatch.session.Checkpoints checkpoints) {
        this.sessions = new Sessions(store, clock);
        this.catalog = new SessionCatalog(store, sessions, clock);
        this.agents = agents;
        this.clock = clock;
        this.undo = new SessionUndo(sessions, checkpoints, new dev.dispatch.session.SessionNotes(store, clock));
        this.backfill = new dev.dispatch.session.SearchBackfill(store);
    }

    private final dev.dispatch.session.SearchBackfill backfill;
    private final java.util.concurrent.atomic.AtomicBoolean backfilling =
            new java.util.concurrent.atomic.AtomicBoolean();

    /** Indexes messages stored before the search index existed, once per engine, in the background. */
    private void backfillOnce() {
        if (backfilling.compareAndSet(false, true)) backfill.startInBackground();
    }

    void register(OpRouter router) {
        router.on(
                        SessionBrowseOps.ListSessions.class,
                        op -> new SessionBrowseOps.SessionList(catalog.list(
                                scope(op.space(), op.project(), op.all(), op.since(), op.until()), limit(op.limit()))))
                .on(SessionBrowseOps.ShowSession.class, op -> catalog.show(id(op.sessionId()), liveAgents()))
                .on(SessionBrowseOps.SearchSessions.class, op -> {
                    backfillOnce();
                    return catalog.search(
                            op.q(),
                            scope(op.space(), op.project(), op.all(), op.since(), op.until()),
                            op.limit() == null ? 20 : op.limit());
                })
                .on(SessionBrowseOps.RenameSession.class, op -> catalog.rename(id(op.sessionId()), op.title()))
                .on(SessionBrowseOps.DeleteSession.class, op -> {
                    String id = id(op.sessionId());
                    sessions.require(id);
                    requireNotLive(id, "delete");
                    int n = catalog.delete(id);
                    return Ack.ok(
                            "deleted session " + id + (n > 1 ? " and " + (n - 1) + " child agent session(s)" : ""));
                })
                .on(SessionBrowseOps.SessionCost.class, op -> catalog.cost(id(op.sessionId())))
                .on(SessionBrowseOps.UndoTurn.class, op -> {
                    String id = id(op.sessionId());
                    sessions.require(id);
                    requireNotLive(id, "undo the last turn of");
                    return undo.undo(id, op.force());
                })
                .on(SessionBrowseOps.DiffSession.class, op -> undo.diff(id(op.sessionId())))
                .on(SessionBrowseOps.ForkSession.class, op -> catalog.fork(id(op.sessionId()), op.at()))
                .on(SessionBrowseOps.ResumeSession.class, op -> {
                    String id = id(op.sessionId());
                    sessions.require(id);
                    requireNotLive(id, "resume");
                    return catalog.show(id, liveAgents());
                });
    }

    /**
     * Refuses when a running agent is mid-turn in {@code sessionId} (it would interleave two
     * conversations in one transcript), naming that agent and this owner process.
     */
    void requireNotLive(String sessionId, String what) {
        for (AgentSnapshot a : agents.get()) {
            if (!sessionId.equals(a.sessionId()) || !busy(a.status())) continue;
            throw EngineException.conflict("cannot " + what + " session " + sessionId + ": it is live in agent "
                    + a.agentId() + " (" + a.name() + ", " + a.status().name().toLowerCase(java.util.Locale.ROOT)
                    + ") of the owner process pid " + ProcessHandle.current().pid()
                    + "; wait for it to finish or cancel it (Ctrl-C in its face, or the workbench's cancel)");
        }
    }

    /** The ids of the agents running in this owner now. */
    private java.util.Set<String> liveAgents() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (AgentSnapshot a : agents.get()) out.add(a.agentId());
        return out;
    }

    private static boolean busy(AgentStatus s) {
        return s != AgentStatus.DONE && s != AgentStatus.ERROR && s != AgentStatus.CANCELLED;
    }

    private SessionCatalog.Scope scope(String space, String project, boolean all, String since, String until) {
        if (all && project != null && !project.isBlank())
            throw EngineException.invalid("use --project P or --all, not both");
        String root = all || project == null || project.isBlank() ? null : projectPath(project);
        if (!all && root == null && (space == null || space.isBlank()))
            throw EngineException.invalid("no space: give --space NAME, --project PATH or --all");
        var now = clock.instant();
        var from = SessionDates.parse("--since", since, now, ZoneId.systemDefault());
        var to = SessionDates.parse("--until", until, now, ZoneId.systemDefault());
        if (from != null && to != null && !from.isBefore(to))
            throw EngineException.invalid("--since " + since + " is not before --until " + until);
        return new SessionCatalog.Scope(space, root, all, from, to);
    }

    /** A project's real path; a directory that is gone is matched by the path as written. */
    private static String projectPath(String project) {
        java.nio.file.Path p = java.nio.file.Path.of(project).toAbsolutePath().normalize();
        try {
            return p.toRealPath().toString();
        } catch (java.io.IOException | RuntimeException e) {
            return p.toString();
        }
    }

    private static int limit(Integer limit) {
        return limit == null ? DEFAULT_LIMIT : limit;
    }

    private static String id(String sessionId) {
        if (sessionId == null || sessionId.isBlank())
            throw EngineException.invalid("no session id: list them with 'dispatch sessions list'");
        return sessionId.strip();
    }
}
