package dev.dispatch.coord;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.protocol.TaskOps.ClaimNextTask;
import dev.dispatch.protocol.TaskOps.ClaimResult;
import dev.dispatch.protocol.TaskOps.ClaimTask;
import dev.dispatch.protocol.TaskOps.CompleteTask;
import dev.dispatch.protocol.TaskOps.FailTask;
import dev.dispatch.protocol.TaskOps.ReportProgress;
import dev.dispatch.protocol.TaskOps.Retry;
import dev.dispatch.protocol.TaskOps.Status;
import dev.dispatch.protocol.TaskOps.TaskView;
import dev.dispatch.store.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

/**
 * Claims and leases (ARCHITECTURE.md §6). A claim is a conditional update on (status, version), so
 * exactly one caller wins whatever the store does underneath; every later step needs the current
 * lease, and a stale holder gets {@code lease_lost} with nothing changed.
 */
public final class Claims {
    private static final int FIRST_PAGE = 4;
    private static final int PAGE = 32;

    /** How stale a stored last-seen time may be before activity rewrites it (see {@link #touch}). */
    static final long SEEN_GRANULARITY_MS = 1_000;

    private final Ledger ledger;
    private final Sweeper sweeper;
    private final Backoff backoff;

    Claims(Ledger ledger, Sweeper sweeper, Backoff backoff) {
        this.ledger = ledger;
        this.sweeper = sweeper;
        this.backoff = backoff;
    }

    /** Claims the highest-priority, oldest ready task the agent can take. */
    public ClaimResult next(ClaimNextTask p) {
        String space = Inputs.space(p.space());
        String agent = Inputs.name("agent", p.agent());
        String queue = Inputs.optionalName("queue", p.queue());
        // "nothing to do" is answered after the commit, so the sweep's rescues are kept either way
        ClaimResult won = ledger.write(tx -> {
            Sweeper.Pass pass = sweeper.sweepIfDue(tx);
            AgentRow a = claimant(tx, space, agent, pass);
            ClaimResult taken = firstFit(tx, a, space, queue);
            // a lease or backoff that ran out since the last sweep may have made work ready: look again
            if (taken == null && pass == Sweeper.Pass.SKIPPED) {
                sweeper.sweep(tx);
                taken = firstFit(tx, a, space, queue);
            }
            return taken;
        });
        if (won == null) {
            throw new EngineException(
                    ErrorCode.NOTHING_TO_DO,
                    "no task is ready for agent '" + agent + "'" + (queue == null ? "" : " in queue '" + queue + "'")
                            + " in space '" + space + "'");
        }
        return won;
    }

    /**
     * Walks ready tasks in claim order (index scan, a small first page since the first usually fits)
     * and takes the first that fits the agent's capabilities; a lost race (0 rows updated) moves on.
     */
    private static ClaimResult firstFit(Ledger.Tx tx, AgentRow a, String space, String queue) throws SQLException {
        HashSet<String> has = new HashSet<>(a.capabilities());
        int limit = FIRST_PAGE;
        for (int offset = 0; ; offset += limit, limit = PAGE) {
            List<TaskRow> page = candidates(tx.c, space, queue, limit, offset);
            for (TaskRow t : page) {
                if (!has.containsAll(t.capabilities())) continue;
                ClaimResult taken = take(tx, t, a.name());
                if (taken != null) return taken;
            }
            if (page.size() < limit) return null;
        }
    }

    /** Claims one named task; it must be ready and fit the agent. */
    public ClaimResult claim(ClaimTask p) {
        String space = Inputs.space(p.space());
        String id = Inputs.id("task id", p.id());
        String agent = Inputs.name("agent", p.agent());
        return ledger.write(tx -> {
            sweeper.sweep(tx);
            TaskRow t = TaskRow.require(tx.c, space, id);
            AgentRow a = claimant(tx, space, agent, Sweeper.Pass.SWEPT);
            if (t.status() != Status.ready) {
                throw EngineException.conflict("task " + id + " is " + t.status()
                        + (t.assignee() != null && t.status() == Status.claimed ? " by " + t.assignee() : "")
                        + ", not ready; see 'dispatch task explain " + id + "'");
            }
            if (!new HashSet<>(a.capabilities()).containsAll(t.capabilities())) {
                throw EngineException.conflict("agent '" + agent + "' lacks capabilities " + t.capabilities()
                        + " required by task " + id + " (it has " + a.capabilities() + ")");
            }
            ClaimResult won = take(tx, t, agent);
            if (won == null) throw EngineException.conflict("task " + id + " was claimed by another agent first");
            return won;
        });
    }

    public TaskView progress(ReportProgress p) {
        String space = Inputs.space(p.space());
        String id = Inputs.id("task id", p.id());
        String lease = Inputs.id("lease", p.lease());
        String note = Inputs.optionalBody("note", p.note());
        return ledger.write(tx -> {
            sweeper.sweepIfDue(tx);
            TaskRow t = held(tx, space, id, lease);
            long expires = tx.nowMillis() + 1000L * t.leaseSeconds();
            Tasks.update(
                    tx.c,
                    "UPDATE task SET lease_expires_at = ?, version = version + 1 WHERE id = ? AND version = ?",
                    expires,
                    id,
                    t.version());
            touch(tx, space, t.assignee());
            if (note != null) TaskRow.history(tx.c, id, tx.now, "progressed", t.attempt(), t.assignee(), note);
            tx.emit(space, t.assignee(), new TaskOps.TaskProgressed(id, Instant.ofEpochMilli(expires), note));
            return TaskRow.load(tx.c, space, id);
        });
    }

    public TaskView complete(CompleteTask p) {
        String space = Inputs.space(p.space());
        String id = Inputs.id("task id", p.id());
        String lease = Inputs.id("lease", p.lease());
        String result = Inputs.optionalBody("result", p.result());
        return ledger.write(tx -> {
            sweeper.sweepIfDue(tx);
            TaskRow t = held(tx, space, id, lease);
            Tasks.update(
                    tx.c,
                    "UPDATE task SET status = 'done', result = ?, lease = NULL, lease_expires_at = NULL,"
                            + " finished_at = ?, version = version + 1 WHERE id = ? AND version = ?",
                    result,
                    tx.nowMillis(),
                    id,
                    t.version());
            TaskRow.history(tx.c, id, tx.now, "completed", t.attempt(), t.assignee(), result);
            tx.emit(space, t.assignee(), new TaskOps.TaskCompleted(id, t.attempt()));
            Locks.releaseForTask(tx, space, id);
            Dependencies.release(tx, space, id);
            return t.ended(Status.done, result, t.lastError(), tx.nowMillis()).view(TaskRow.dependencies(tx.c, id));
        });
    }

    /** Fails the current attempt: backoff then ready again, or dead when attempts are used up. */
    public TaskView fail(FailTask p) {
        String space = Inputs.space(p.space());
        String id = Inputs.id("task id", p.id());
        String lease = Inputs.id("lease", p.lease());
        String error = Inputs.body("error", p.error());
        Retry retry = p.retry() == null ? Retry.ALLOWED : p.retry();
        return ledger.write(tx -> {
            sweeper.sweepIfDue(tx);
            TaskRow t = held(tx, space, id, lease);
            boolean dead = retry == Retry.NO_RETRY || t.attempt() >= t.maxAttempts();
            long notBefore = tx.nowMillis() + backoff.after(t.attempt()).toMillis();
            Tasks.update(
                    tx.c,
                    "UPDATE task SET status = ?, last_error = ?, lease = NULL, lease_expires_at = NULL,"
                            + " not_before = ?, finished_at = ?, version = version + 1 WHERE id = ? AND version = ?",
                    (dead ? Status.dead : Status.waiting).name(),
                    error,
                    dead ? null : notBefore,
                    dead ? tx.nowMillis() : null,
                    id,
                    t.version());
            TaskRow.history(tx.c, id, tx.now, "failed", t.attempt(), t.assignee(), error);
            tx.emit(
                    space,
                    t.assignee(),
                    new TaskOps.TaskFailed(id, t.attempt(), error, dead ? null : Instant.ofEpochMilli(notBefore)));
            if (dead) {
                String why = retry == Retry.NO_RETRY
                        ? "failed with --no-retry"
                        : "max attempts (" + t.maxAttempts() + ") used";
                TaskRow.history(tx.c, id, tx.now, "dead", t.attempt(), t.assignee(), why);
                tx.emit(space, t.assignee(), new TaskOps.TaskDead(id, t.attempt()));
                Locks.releaseForTask(tx, space, id);
            }
            return TaskRow.load(tx.c, space, id);
        });
    }

    /**
     * Ready tasks in claim order: priority (high first), then age. The ORDER BY repeats the index's
     * leading equality columns so H2 reads the (space, is_ready[, queue], priority, seq) index in order
     * instead of sorting every ready task. is_ready (generated: status = 'ready') rather than status keeps
     * that index untouched when a claimed task completes (migration V016). On PostgreSQL the rows are
     * locked as they are read ({@code FOR UPDATE SKIP LOCKED}): a row another daemon's transaction holds is
     * passed over, never waited for, and the conditional update in {@link #take} still decides the winner.
     */
    static List<TaskRow> candidates(Connection c, String space, String queue, int limit, int offset)
            throws SQLException {
        if (queue == null) {
            return TaskRow.query(
                    c,
                    "SELECT " + TaskRow.COLUMNS + " FROM task WHERE space = ? AND is_ready"
                            + " ORDER BY space, is_ready, priority DESC, seq LIMIT " + limit + " OFFSET " + offset
                            + Dialect.of(c).skipLocked(),
                    space);
        }
        return TaskRow.query(
                c,
                "SELECT " + TaskRow.COLUMNS + " FROM task WHERE space = ? AND is_ready AND queue = ?"
                        + " ORDER BY space, is_ready, queue, priority DESC, seq LIMIT " + limit + " OFFSET " + offset
                        + Dialect.of(c).skipLocked(),
                space,
                queue);
    }

    /**
     * The agent, if it may claim now: registered, not drained, under its concurrency limit. At the limit
     * and not yet swept in this write, it sweeps and counts again: a task whose lease ran out is not the
     * agent's any more.
     */
    private AgentRow claimant(Ledger.Tx tx, String space, String agent, Sweeper.Pass pass) throws SQLException {
        AgentRow a = Agents.requireAgent(tx.c, space, agent);
        if (a.drained()) {
            throw new EngineException(
                    ErrorCode.NOTHING_TO_DO,
                    "agent '" + agent + "' is drained and takes no new" + " tasks; run 'dispatch agent undrain " + agent
                            + "' to resume");
        }
        int running = AgentRow.running(tx.c, space, agent);
        if (running >= a.maxConcurrent() && pass == Sweeper.Pass.SKIPPED) {
            sweeper.sweep(tx);
            running = AgentRow.running(tx.c, space, agent);
        }
        if (running >= a.maxConcurrent()) {
            throw new EngineException(
                    ErrorCode.NOTHING_TO_DO,
                    "agent '" + agent + "' already runs " + running + " task(s), its limit (--max-concurrent "
                            + a.maxConcurrent() + "); complete or fail one first");
        }
        if (tx.nowMillis() - a.lastSeenAt() >= SEEN_GRANULARITY_MS) touch(tx, space, agent);
        return a;
    }

    /** The one-winner step: only the caller whose update sees the same ready version takes the task. */
    private static ClaimResult take(Ledger.Tx tx, TaskRow t, String agent) throws SQLException {
        String lease = Ids.lease();
        long expires = tx.nowMillis() + 1000L * t.leaseSeconds();
        int attempt = t.attempt() + 1;
        try (PreparedStatement ps =
                tx.c.prepareStatement("UPDATE task SET status = 'claimed', assignee = ?, attempt = ?,"
                        + " lease = ?, lease_expires_at = ?, claimed_at = ?, version = version + 1"
                        + " WHERE id = ? AND status = 'ready' AND version = ?")) {
            ps.setString(1, agent);
            ps.setInt(2, attempt);
            ps.setString(3, lease);
            ps.setLong(4, expires);
            ps.setLong(5, tx.nowMillis());
            ps.setString(6, t.id());
            ps.setInt(7, t.version());
            if (ps.executeUpdate() != 1) return null;
        }
        TaskRow.history(tx.c, t.id(), tx.now, "claimed", attempt, agent, null);
        tx.emit(t.space(), agent, new TaskOps.TaskClaimed(t.id(), attempt, Instant.ofEpochMilli(expires)));
        // the row as the update left it: no second read of what this transaction just wrote
        TaskView view =
                t.claimed(agent, attempt, lease, expires, tx.nowMillis()).view(TaskRow.dependencies(tx.c, t.id()));
        return new ClaimResult(view, attempt, lease, Instant.ofEpochMilli(expires));
    }

    /**
     * The task if {@code lease} is its current, unexpired lease; otherwise {@code lease_lost}. Expiry is
     * compared here, by the engine's clock, so fencing is exact whether or not a sweep has rescued the
     * task yet.
     */
    private static TaskRow held(Ledger.Tx tx, String space, String id, String lease) throws SQLException {
        TaskRow t = TaskRow.require(tx.c, space, id);
        boolean ours = t.status() == Status.claimed && lease.equals(t.lease());
        if (ours && t.leaseExpiresAt() != null && t.leaseExpiresAt() > tx.nowMillis()) return t;
        String now = !ours && t.status() == Status.claimed
                ? "it is now claimed by " + t.assignee() + " (attempt " + t.attempt() + ")"
                : ours
                        ? "it expired at " + TaskRow.instantOrNull(t.leaseExpiresAt())
                                + " and the task goes back to the queue"
                        : "it is now " + t.status();
        throw new EngineException(
                ErrorCode.LEASE_LOST,
                "lease " + Inputs.shorten(lease) + " no longer holds task " + id + ": " + now + "; stop working on it");
    }

    /**
     * Activity counts as a heartbeat. It is soft state (ARCHITECTURE.md §5): the row is rewritten only
     * when the stored time is {@link #SEEN_GRANULARITY_MS} old, so a busy agent does not dirty its agent
     * row in every commit; liveness turns stale only after twice the heartbeat interval (≥ 2 s).
     */
    private static void touch(Ledger.Tx tx, String space, String agent) throws SQLException {
        if (agent == null) return;
        try (PreparedStatement ps = tx.c.prepareStatement(
                "UPDATE agent SET last_seen_at = ? WHERE space = ? AND name = ? AND last_seen_at <= ?")) {
            ps.setLong(1, tx.nowMillis());
            ps.setString(2, space);
            ps.setString(3, agent);
            ps.setLong(4, tx.nowMillis() - SEEN_GRANULARITY_MS);
            ps.executeUpdate();
        }
    }
}
