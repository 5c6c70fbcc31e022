package dev.dispatch.coord;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.TaskOps.HistoryEntry;
import dev.dispatch.protocol.TaskOps.Status;
import dev.dispatch.protocol.TaskOps.TaskView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One {@code task} row, the SQL that reads it, and its history rows. */
record TaskRow(
        String id,
        String space,
        String title,
        String description,
        String queue,
        int priority,
        List<String> capabilities,
        String parent,
        String key,
        Status status,
        String assignee,
        int attempt,
        int maxAttempts,
        int leaseSeconds,
        String lease,
        Long leaseExpiresAt,
        Long notBefore,
        String result,
        String lastError,
        long createdAt,
        Long claimedAt,
        Long finishedAt,
        int version) {

    static final String COLUMNS = "id, space, title, description, queue, priority, capabilities, parent_id, idem_key,"
            + " status, assignee, attempt, max_attempts, lease_seconds, lease, lease_expires_at, not_before, result,"
            + " last_error, created_at, claimed_at, finished_at, version";

    static TaskRow of(ResultSet rs) throws SQLException {
        return new TaskRow(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getInt(6),
                Inputs.splitNames(rs.getString(7)),
                rs.getString(8),
                rs.getString(9),
                status(rs.getString(10)),
                rs.getString(11),
                rs.getInt(12),
                rs.getInt(13),
                rs.getInt(14),
                rs.getString(15),
                longOrNull(rs, 16),
                longOrNull(rs, 17),
                rs.getString(18),
                rs.getString(19),
                rs.getLong(20),
                longOrNull(rs, 21),
                longOrNull(rs, 22),
                rs.getInt(23));
    }

    static Optional<TaskRow> find(Connection c, String space, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM task WHERE id = ? AND space = ?")) {
            ps.setString(1, id);
            ps.setString(2, space);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(of(rs)) : Optional.empty();
            }
        }
    }

    static TaskRow require(Connection c, String space, String id) throws SQLException {
        return find(c, space, id)
                .orElseThrow(() -> EngineException.notFound("task '" + Inputs.shorten(id)
                        + "' does not exist in space '" + space + "'; see 'dispatch task list'"));
    }

    static List<TaskRow> query(Connection c, String sql, Object... args) throws SQLException {
        List<TaskRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(of(rs));
            }
        }
        return out;
    }

    static List<String> dependencies(Connection c, String id) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT depends_on FROM task_dep WHERE task_id = ? ORDER BY depends_on")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    TaskView view(List<String> after) {
        return new TaskView(
                id,
                space,
                title,
                description,
                queue,
                priority,
                capabilities,
                after,
                parent,
                key,
                status,
                assignee,
                attempt,
                maxAttempts,
                leaseSeconds,
                instant(leaseExpiresAt),
                status == Status.waiting ? instant(notBefore) : null,
                result,
                lastError,
                Instant.ofEpochMilli(createdAt),
                instant(claimedAt),
                instant(finishedAt));
    }

    /** This row as a claim leaves it (the claim's UPDATE sets exactly these columns). */
    TaskRow claimed(String agent, int newAttempt, String newLease, long expiresAt, long at) {
        return new TaskRow(
                id,
                space,
                title,
                description,
                queue,
                priority,
                capabilities,
                parent,
                key,
                Status.claimed,
                agent,
                newAttempt,
                maxAttempts,
                leaseSeconds,
                newLease,
                expiresAt,
                null,
                result,
                lastError,
                createdAt,
                at,
                finishedAt,
                version + 1);
    }

    /** This row as an end of its attempt leaves it: lease cleared, finished at {@code at}. */
    TaskRow ended(Status newStatus, String newResult, String newError, long at) {
        return new TaskRow(
                id,
                space,
                title,
                description,
                queue,
                priority,
                capabilities,
                parent,
                key,
                newStatus,
                assignee,
                attempt,
                maxAttempts,
                leaseSeconds,
                null,
                null,
                null,
                newResult,
                newError,
                createdAt,
                claimedAt,
                at,
                version + 1);
    }

    static TaskView load(Connection c, String space, String id) throws SQLException {
        return require(c, space, id).view(dependencies(c, id));
    }

    static void history(Connection c, String id, Instant at, String kind, int attempt, String agent, String detail)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO task_history(task_id, at, kind, attempt, agent, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, kind);
            ps.setInt(4, attempt);
            ps.setString(5, agent);
            ps.setString(6, detail);
            ps.executeUpdate();
        }
    }

    static List<HistoryEntry> history(Connection c, String id) throws SQLException {
        List<HistoryEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT at, kind, attempt, agent, detail FROM task_history WHERE task_id = ? ORDER BY id")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryEntry(
                            Instant.ofEpochMilli(rs.getLong(1)),
                            rs.getString(2),
                            rs.getInt(3),
                            rs.getString(4),
                            rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** A stored status: the constant's name (the SQL compares and writes the same words). */
    private static Status status(String stored) {
        try {
            return Status.valueOf(stored);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException(
                    "task row has unknown status '" + stored + "'; the store was changed"
                            + " outside dispatch or by a newer version",
                    e);
        }
    }

    private static Long longOrNull(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    static Instant instantOrNull(Long millis) {
        return instant(millis);
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
