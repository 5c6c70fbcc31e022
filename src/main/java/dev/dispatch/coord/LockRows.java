package dev.dispatch.coord;

import dev.dispatch.protocol.LockOps.LockView;
import dev.dispatch.protocol.LockOps.Mode;
import dev.dispatch.protocol.LockOps.State;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The SQL behind {@link Locks}: rows of {@code lock_grant} and their {@code lock_pattern}s. */
final class LockRows {
    private static final String COLUMNS =
            "SELECT id, space, agent, mode, fence, task_id, state, acquired_at, expires_at, ended_at FROM lock_grant ";

    private LockRows() {}

    static LockView insert(
            Connection c,
            String space,
            String agent,
            List<String> patterns,
            Mode mode,
            String taskId,
            Instant now,
            Instant expiresAt)
            throws SQLException {
        long fence = Counters.next(c, "lock_fence", "SELECT COALESCE(MAX(fence), 0) FROM lock_grant");
        String id = "lock_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lock_grant(id, space, agent, mode, fence, task_id,"
                + " state, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, 'held', ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, space);
            ps.setString(3, agent);
            ps.setString(4, mode.name());
            ps.setLong(5, fence);
            ps.setString(6, taskId);
            ps.setTimestamp(7, Timestamp.from(now));
            ps.setTimestamp(8, Timestamp.from(expiresAt));
            ps.executeUpdate();
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO lock_pattern(lock_id, pos, pattern) VALUES (?, ?, ?)")) {
            for (int i = 0; i < patterns.size(); i++) {
                ps.setString(1, id);
                ps.setInt(2, i);
                ps.setString(3, patterns.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return find(c, space, id);
    }

    static LockView find(Connection c, String space, String id) throws SQLException {
        List<LockView> found = query(c, COLUMNS + "WHERE space = ? AND id = ?", space, id);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Locks still marked held (some may be past their expiry until swept), oldest token first. */
    static List<LockView> held(Connection c, String space) throws SQLException {
        return query(c, COLUMNS + "WHERE space = ? AND state = 'held' ORDER BY fence", space);
    }

    /** Whether any held lock is tied to the task (index lock_grant_task). */
    static boolean anyHeldFor(Connection c, String space, String taskId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM lock_grant WHERE space = ? AND task_id = ? AND state = 'held' LIMIT 1")) {
            ps.setString(1, space);
            ps.setString(2, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static List<String> spacesWithOverdue(Connection c, Instant now) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT space FROM lock_grant WHERE state = 'held' AND expires_at <= ? ORDER BY space")) {
            ps.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    static List<LockView> all(Connection c, String space) throws SQLException {
        return query(c, COLUMNS + "WHERE space = ? ORDER BY fence", space);
    }

    static void setExpiry(Connection c, String id, Instant expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE lock_grant SET expires_at = ? WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(expiresAt));
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    static void end(Connection c, String id, State state, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE lock_grant SET state = ?, ended_at = ? WHERE id = ?")) {
            ps.setString(1, state.name());
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, id);
            ps.executeUpdate();
        }
    }

    private static List<LockView> query(Connection c, String sql, String... args) throws SQLException {
        List<LockView> bare = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bare.add(new LockView(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            List.of(),
                            Mode.valueOf(rs.getString(4)),
                            rs.getLong(5),
                            rs.getString(6),
                            State.valueOf(rs.getString(7)),
                            instant(rs.getTimestamp(8)),
                            instant(rs.getTimestamp(9)),
                            instant(rs.getTimestamp(10))));
                }
            }
        }
        Map<String, List<String>> patterns =
                patterns(c, bare.stream().map(LockView::id).toList());
        List<LockView> out = new ArrayList<>();
        for (LockView l : bare) {
            out.add(new LockView(
                    l.id(),
                    l.space(),
                    l.agent(),
                    List.copyOf(patterns.getOrDefault(l.id(), List.of())),
                    l.mode(),
                    l.token(),
                    l.taskId(),
                    l.state(),
                    l.acquiredAt(),
                    l.expiresAt(),
                    l.endedAt()));
        }
        return out;
    }

    private static Map<String, List<String>> patterns(Connection c, List<String> ids) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (ids.isEmpty()) return out;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT lock_id, pattern FROM lock_pattern WHERE lock_id = ANY(?) ORDER BY lock_id, pos")) {
            ps.setArray(1, c.createArrayOf("VARCHAR", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return out;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
