package dev.dispatch.coord;

import dev.dispatch.protocol.AgentOps.AgentView;
import dev.dispatch.protocol.AgentOps.Status;
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
        Status status,
        String summary,
        String branch,
        String pr,
        String phase,
        String blocker,
        String next,
        boolean drained,
        long registeredAt,
        long lastSeenAt,
        long statusAt,
        String kind,
        String model,
        String template,
        boolean detached,
        String sessionId) {

    /** Registered by {@code dispatch agent register} (a script, another program). */
    static final String EXTERNAL = "external";

    /** Started by this engine's runtime and registered by it (see {@link Agents#registerInProcess}). */
    static final String IN_PROCESS = "in-process";

    static final String COLUMNS = "space, name, id, role, parent, capabilities, max_concurrent, heartbeat_interval_s,"
            + " status, summary, branch, pr, phase, blocker, next_step, drained, registered_at, last_seen_at, status_at,"
            + " kind, model, template, detached, session_id";

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
                status(rs.getString(9)),
                rs.getString(10),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                rs.getString(14),
                rs.getString(15),
                rs.getBoolean(16),
                rs.getLong(17),
                rs.getLong(18),
                rs.getLong(19),
                rs.getString(20),
                rs.getString(21),
                rs.getString(22),
                rs.getBoolean(23),
                rs.getString(24));
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

    /** A stored status: the constant's name (the SQL compares and writes the same words). */
    static Status status(String stored) {
        try {
            return Status.valueOf(stored);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException(
                    "agent row has unknown status '" + stored + "'; the store was changed"
                            + " outside dispatch or by a newer version",
                    e);
        }
    }

    /** {@code stale} once no heartbeat came for more than twice the agent's interval. */
    String liveness(Instant now) {
        return now.toEpochMilli() - lastSeenAt > 2_000L * heartbeatIntervalSeconds ? "stale" : "live";
    }

    /** The agent with this id in {@code space} (in-process agents carry their runtime id). */
    static Optional<AgentRow> byId(Connection c, String space, String id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM agent WHERE space = ? AND id = ?", space, id);
    }

    AgentView view(Instant now, List<String> children, int running, int depth) {
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
                Instant.ofEpochMilli(statusAt),
                kind,
                model,
                template,
                depth,
                detached,
                sessionId);
    }

    /** Steps from the root of the agent's parent chain (a root agent is 0); a broken chain stops the count. */
    static int depth(Connection c, String space, AgentRow row) throws SQLException {
        int depth = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        String parent = row.parent;
        while (parent != null && seen.add(parent)) {
            Optional<AgentRow> up = find(c, space, parent);
            if (up.isEmpty()) break;
            depth++;
            parent = up.get().parent;
        }
        return depth;
    }

    /** Depth of every row of a listing, from the rows themselves (no query per agent). */
    static java.util.Map<String, Integer> depths(List<AgentRow> rows) {
        java.util.Map<String, String> parents = new java.util.HashMap<>();
        for (AgentRow r : rows) parents.put(r.name, r.parent);
        java.util.Map<String, Integer> out = new java.util.HashMap<>();
        for (AgentRow r : rows) {
            int depth = 0;
            java.util.Set<String> seen = new java.util.HashSet<>();
            String parent = r.parent;
            while (parent != null && parents.containsKey(parent) && seen.add(parent)) {
                depth++;
                parent = parents.get(parent);
            }
            out.put(r.name, depth);
        }
        return out;
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
        return row.view(
                now, children(c, row.space, row.name), running(c, row.space, row.name), depth(c, row.space, row));
    }
}
