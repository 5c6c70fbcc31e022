package dev.dispatch.session;

import dev.dispatch.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An agent's own task list (the {@code task_list} tool), kept per session so it survives restarts,
 * waits and {@code --continue}. Items are numbered per session ({@code todo_1}, {@code todo_2}, …). A
 * parent agent reads a child's list through the child's session, whose parent is the reader's.
 */
public final class TaskLists {
    private final Store store;
    private final InstantSource clock;

    public TaskLists(Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    public enum Status {
        PENDING,
        IN_PROGRESS,
        DONE,
        BLOCKED
    }

    public record Item(
            String id, String title, String description, Status status, Instant createdAt, Instant updatedAt) {}

    /** Adds an item and returns its id. */
    public String add(String sessionId, String title, String description) {
        return store.write(c -> {
            int seq;
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM task_item WHERE session_id = ?")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    seq = rs.getInt(1);
                }
            }
            String id = "todo_" + seq;
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO task_item(session_id, id, seq, title, description,"
                            + " status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)")) {
                ps.setString(1, sessionId);
                ps.setString(2, id);
                ps.setInt(3, seq);
                ps.setString(4, title);
                ps.setString(5, description);
                ps.setString(6, Status.PENDING.name());
                ps.setTimestamp(7, now);
                ps.setTimestamp(8, now);
                ps.executeUpdate();
            }
            return id;
        });
    }

    /** Sets an item's status; false when the session has no such item. */
    public boolean update(String sessionId, String id, Status status) {
        return store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE task_item SET status = ?, updated_at = ? WHERE session_id = ? AND id = ?")) {
                ps.setString(1, status.name());
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setString(3, sessionId);
                ps.setString(4, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    public List<Item> list(String sessionId) {
        return store.read(c -> query(c, sessionId, null));
    }

    public Optional<Item> get(String sessionId, String id) {
        return store.read(c -> query(c, sessionId, id)).stream().findFirst();
    }

    /**
     * The session of {@code childAgentId} when it is a child of {@code parentSessionId}; empty when that
     * agent is unknown or not the reader's child.
     */
    public Optional<String> childSession(String parentSessionId, String childAgentId) {
        return store.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT DISTINCT m.session_id FROM session_message m JOIN session s"
                            + " ON s.id = m.session_id WHERE m.agent_id = ? AND s.parent_session_id = ?")) {
                ps.setString(1, childAgentId);
                ps.setString(2, parentSessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    private static List<Item> query(Connection c, String sessionId, String id) throws SQLException {
        String sql = "SELECT id, title, description, status, created_at, updated_at FROM task_item WHERE session_id = ?"
                + (id == null ? "" : " AND id = ?") + " ORDER BY seq";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, sessionId);
            if (id != null) ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                List<Item> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Item(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            Status.valueOf(rs.getString(4)),
                            rs.getTimestamp(5).toInstant(),
                            rs.getTimestamp(6).toInstant()));
                }
                return out;
            }
        }
    }
}
