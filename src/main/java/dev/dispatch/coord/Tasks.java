package dev.dispatch.coord;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.protocol.TaskOps.AddResult;
import dev.dispatch.protocol.TaskOps.AddTask;
import dev.dispatch.protocol.TaskOps.CancelTask;
import dev.dispatch.protocol.TaskOps.ListReadyTasks;
import dev.dispatch.protocol.TaskOps.ListTasks;
import dev.dispatch.protocol.TaskOps.RetryTask;
import dev.dispatch.protocol.TaskOps.ShowTask;
import dev.dispatch.protocol.TaskOps.Status;
import dev.dispatch.protocol.TaskOps.TaskDetail;
import dev.dispatch.protocol.TaskOps.TaskList;
import dev.dispatch.protocol.TaskOps.TaskView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The queue's bookkeeping side: enqueue (idempotency keys, dependencies, parents), listing, history,
 * cancel and retry. Claims and leases live in {@link Claims}.
 */
public final class Tasks {
    static final int DEFAULT_LEASE_SECONDS = 300;
    static final int DEFAULT_MAX_ATTEMPTS = 3;

    private final Ledger ledger;
    private final Sweeper sweeper;

    Tasks(Ledger ledger, Sweeper sweeper) {
        this.ledger = ledger;
        this.sweeper = sweeper;
    }

    public AddResult add(AddTask p) {
        String space = Inputs.space(p.space());
        String title = Inputs.line("title", p.title(), Inputs.MAX_TITLE);
        String description = Inputs.optionalBody("description", p.description());
        String queue = p.queue() == null ? "default" : Inputs.name("queue", p.queue());
        int priority = Inputs.range("priority", p.priority(), 0, 0, 1_000);
        List<String> caps = Inputs.names("capability", p.capabilities());
        List<String> after = p.after() == null
                ? List.of()
                : p.after().stream().map(a -> Inputs.id("after", a)).distinct().toList();
        int lease = Inputs.range("lease-seconds", p.leaseSeconds(), DEFAULT_LEASE_SECONDS, 1, 7 * 86_400);
        int maxAttempts = Inputs.range("max-attempts", p.maxAttempts(), DEFAULT_MAX_ATTEMPTS, 1, 1_000);
        String key = p.key() == null ? null : Inputs.line("key", p.key(), Inputs.MAX_SHORT);
        String parent = Inputs.optionalId("parent", p.parent());
        return ledger.write(tx -> {
            if (key != null) {
                Optional<TaskRow> existing = byKey(tx.c, space, key);
                if (existing.isPresent())
                    return new AddResult(
                            existing.get()
                                    .view(TaskRow.dependencies(
                                            tx.c, existing.get().id())),
                            false);
            }
            if (parent != null) TaskRow.require(tx.c, space, parent);
            boolean blocked = false;
            for (String dep : after)
                blocked |= TaskRow.require(tx.c, space, dep).status() != Status.done;
            String id = Ids.task();
            Status status = blocked ? Status.pending : Status.ready;
            try (PreparedStatement ps = tx.c.prepareStatement("INSERT INTO task(id, space, title, description, queue,"
                    + " priority, capabilities, parent_id, idem_key, status, attempt, max_attempts, lease_seconds,"
                    + " created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 0)")) {
                ps.setString(1, id);
                ps.setString(2, space);
                ps.setString(3, title);
                ps.setString(4, description);
                ps.setString(5, queue);
                ps.setInt(6, priority);
                ps.setString(7, Inputs.joinNames(caps));
                ps.setString(8, parent);
                ps.setString(9, key);
                ps.setString(10, status.name());
                ps.setInt(11, maxAttempts);
                ps.setInt(12, lease);
                ps.setLong(13, tx.nowMillis());
                ps.executeUpdate();
            } catch (SQLException e) {
                // another writer inserted the same key first (a store with concurrent writers): answer theirs
                if (key != null && "23505".equals(e.getSQLState())) {
                    TaskRow other = byKey(tx.c, space, key).orElseThrow(() -> e);
                    return new AddResult(other.view(TaskRow.dependencies(tx.c, other.id())), false);
                }
                throw e;
            }
            for (String dep : after) {
                try (PreparedStatement ps =
                        tx.c.prepareStatement("INSERT INTO task_dep(task_id, depends_on) VALUES (?, ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, dep);
                    ps.executeUpdate();
                }
            }
            TaskRow.history(
                    tx.c, id, tx.now, "added", 0, null, blocked ? "waiting for " + String.join(", ", after) : null);
            tx.emit(space, null, new TaskOps.TaskAdded(id, title, queue, priority, status));
            // tasks are searchable with `kb search` alongside topics and messages
            TextIndex.put(tx.c, "task", id, space, title, description == null ? "" : description);
            return new AddResult(TaskRow.load(tx.c, space, id), true);
        });
    }

    public TaskList list(ListTasks p) {
        String space = Inputs.space(p.space());
        Status status = p.status();
        String queue = Inputs.optionalName("queue", p.queue());
        String assignee = Inputs.optionalName("assignee", p.assignee());
        int limit = Inputs.range("limit", p.limit(), 100, 1, 10_000);
        sweeper.sweepNow();
        return ledger.read((c, now) -> {
            StringBuilder sql = new StringBuilder("SELECT " + TaskRow.COLUMNS + " FROM task WHERE space = ?");
            List<Object> args = new ArrayList<>(List.of(space));
            if (status != null) {
                sql.append(" AND status = ?");
                args.add(status.name());
            }
            if (queue != null) {
                sql.append(" AND queue = ?");
                args.add(queue);
            }
            if (assignee != null) {
                sql.append(" AND assignee = ?");
                args.add(assignee);
            }
            sql.append(" ORDER BY seq DESC LIMIT ").append(limit);
            return new TaskList(views(c, TaskRow.query(c, sql.toString(), args.toArray())));
        });
    }

    /** Ready tasks in claim order (priority, then age). */
    public TaskList ready(ListReadyTasks p) {
        String space = Inputs.space(p.space());
        String queue = Inputs.optionalName("queue", p.queue());
        int limit = Inputs.range("limit", p.limit(), 100, 1, 10_000);
        sweeper.sweepNow();
        return ledger.read((c, now) -> new TaskList(views(c, Claims.candidates(c, space, queue, limit, 0))));
    }

    public TaskDetail show(ShowTask p) {
        String space = Inputs.space(p.space());
        String id = Inputs.id("task id", p.id());
        return ledger.read((c, now) -> new TaskDetail(TaskRow.load(c, space, id), TaskRow.history(c, id)));
    }

    public TaskView cancel(CancelTask p) {
        String space = Inputs.space(p.space());
        String id = Inputs.id("task id", p.id());
        return ledger.write(tx -> {
            TaskRow t = TaskRow.require(tx.c, space, id);
            if (t.status().finished()) {
                throw EngineException.conflict("task " + id + " is already " + t.status() + "; nothing to cancel"
                        + (t.status() == Status.cancelled
                                ? ""
                                : " (use 'dispatch task retry " + id + "' to run it again)"));
            }
            update(
                    tx.c,
                    "UPDATE task SET status = 'cancelled', lease = NULL, lease_expires_at = NULL, not_before = NULL, finished_at = ?,"
                            + " version = version + 1 WHERE id = ? AND version = ?",
                    tx.nowMillis(),
                    id,
                    t.version());
            TaskRow.history(tx.c, id, tx.now, "cancelled", t.attempt(), t.assignee(), "was " + t.status());
            tx.emit(space, t.assignee(), new TaskOps.TaskCancelled(id, t.status()));
            Locks.releaseForTask(tx, space, id);
            return TaskRow.load(tx.c, space, id);
        });
    }

    /** Revives a dead, cancelled or waiting task; its attempts count from zero again, history is kept. */
    public TaskView retry(RetryTask p) {
        String space = Inputs.space(p.space());
        String id = Inputs.id("task id", p.id());
        return ledger.write(tx -> {
            TaskRow t = TaskRow.require(tx.c, space, id);
            if (!EnumSet.of(Status.dead, Status.cancelled, Status.waiting).contains(t.status())) {
                throw EngineException.conflict("task " + id + " is " + t.status() + "; only dead, cancelled or waiting"
                        + " tasks can be retried");
            }
            Status status = Dependencies.allDone(tx.c, id) ? Status.ready : Status.pending;
            update(
                    tx.c,
                    "UPDATE task SET status = ?, attempt = 0, assignee = NULL, not_before = NULL, finished_at = NULL,"
                            + " version = version + 1 WHERE id = ? AND version = ?",
                    status.name(),
                    id,
                    t.version());
            TaskRow.history(
                    tx.c,
                    id,
                    tx.now,
                    "retried",
                    0,
                    null,
                    "was " + t.status() + " after " + t.attempt() + " attempt(s)");
            tx.emit(space, null, new TaskOps.TaskRetried(id, t.status(), status));
            return TaskRow.load(tx.c, space, id);
        });
    }

    private static Optional<TaskRow> byKey(Connection c, String space, String key) throws SQLException {
        List<TaskRow> rows = TaskRow.query(
                c, "SELECT " + TaskRow.COLUMNS + " FROM task WHERE space = ? AND idem_key = ?", space, key);
        return rows.stream().findFirst();
    }

    static List<TaskView> views(Connection c, List<TaskRow> rows) throws SQLException {
        List<TaskView> out = new ArrayList<>();
        for (TaskRow r : rows) out.add(r.view(TaskRow.dependencies(c, r.id())));
        return out;
    }

    /** Runs a guarded update; zero rows means another writer changed the task first. */
    static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            if (ps.executeUpdate() != 1) {
                throw EngineException.conflict("the task changed while this request ran; read it again and retry");
            }
        }
    }
}
