package dev.dispatch.coord;

import dev.dispatch.protocol.AgentOps.AgentView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One {@code agent} row and the SQL that reads it; liveness is derived here from the engine clock. */
record AgentRow(
        String space,
        String name,
        String id,
        String role,
        String parent,
        List<String> capabilities,
        int maxConcurrent,
        int heartbeatIntervalSeconds,
        String status,
        String summary,
        String branch,
        String pr,
        String phase,
        String blocker,
        String next,
        boolean drained,
        long registeredAt,
        long lastSeenAt,
        long statusAt) {

    static final String COLUMNS = "space, name, id, role, parent, capabilities, max_concurrent, heartbeat_interval_s,"
            + " status, summary, branch, pr, phase, blocker, next_step, drained, registered_at, last_seen_at, status_at";

    static AgentRow of(ResultSet rs) throws SQLException {
        return new AgentRow(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                Inputs.splitNames(rs.getString(6)),
                rs.getInt(7),
                rs.getInt(8),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                rs.getString(14),
                rs.getString(15),
                rs.getBoolean(16),
                rs.getLong(17),
                rs.getLong(18),
                rs.getLong(19));
    }

    static Optional<AgentRow> find(Connection c, String space, String name) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM agent WHERE space = ? AND name = ?", space, name);
    }

    static Optional<AgentRow> byTokenHash(Connection c, String hash) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM agent WHERE token_hash = ?", hash);
    }

    static List<AgentRow> all(Connection c, String space) throws SQLException {
        List<AgentRow> out = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM agent WHERE space = ? ORDER BY name")) {
            ps.setString(1, space);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(of(rs));
            }
        }
        return out;
    }

    private static Optional<AgentRow> one(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(of(rs)) : Optional.empty();
            }
        }
    }

    /** {@code stale} once no heartbeat came for more than twice the agent's interval. */
    String liveness(Instant now) {
        return now.toEpochMilli() - lastSeenAt > 2_000L * heartbeatIntervalSeconds ? "stale" : "live";
    }

    AgentView view(Instant now, List<String> children, int running) {
        return new AgentView(
                id,
                space,
                name,
                role,
                parent,
                children,
                capabilities,
                maxConcurrent,
                heartbeatIntervalSeconds,
                status,
                summary,
                branch,
                pr,
                phase,
                blocker,
                next,
                drained,
                liveness(now),
                running,
                Instant.ofEpochMilli(registeredAt),
                Instant.ofEpochMilli(lastSeenAt),
                Instant.ofEpochMilli(statusAt));
    }

    /** Tasks the agent holds now; holder (migration V016) is the assignee while a task is claimed, else NULL. */
    static int running(Connection c, String space, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM task WHERE space = ? AND holder = ?")) {
            ps.setString(1, space);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static List<String> children(Connection c, String space, String name) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT name FROM agent WHERE space = ? AND parent = ? ORDER BY name")) {
            ps.setString(1, space);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    static AgentView load(Connection c, AgentRow row, Instant now) throws SQLException {
        return row.view(now, children(c, row.space, row.name), running(c, row.space, row.name));
    }
}
