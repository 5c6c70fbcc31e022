package dev.dispatch.app;

import dev.dispatch.permission.DecisionLog;
import dev.dispatch.protocol.PermissionOps;
import dev.dispatch.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The persisted permission decision log (table {@code permission_log}): each decision is one
 * committed row, so {@code dispatch permission log} shows it even after a crash.
 */
final class PermissionLogStore implements DecisionLog {
    static final int DEFAULT_LIMIT = 200;
    private final Store store;

    PermissionLogStore(Store store) {
        this.store = store;
    }

    @Override
    public void record(Entry e) {
        store.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO permission_log(agent_id, tool, operation, paths,"
                            + " command, outcome, decided_by, reason, decided_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
                ps.setString(1, e.agentId());
                ps.setString(2, e.tool());
                ps.setString(3, e.operation().name().toLowerCase(Locale.ROOT));
                ps.setString(4, String.join("\n", e.paths()));
                ps.setString(5, e.command());
                ps.setString(6, e.outcome());
                ps.setString(7, e.decidedBy());
                ps.setString(8, e.reason());
                ps.setTimestamp(9, Timestamp.from(e.decidedAt()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The newest {@code limit} decisions (of one agent, or all), oldest first. */
    List<PermissionOps.DecisionView> list(String agentId, Integer limit) {
        int n = limit == null ? DEFAULT_LIMIT : limit;
        return store.read(c -> {
            String sql = "SELECT * FROM (SELECT * FROM permission_log" + (agentId == null ? "" : " WHERE agent_id = ?")
                    + " ORDER BY id DESC LIMIT ?) ORDER BY id";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (agentId != null) ps.setString(i++, agentId);
                ps.setInt(i, n);
                List<PermissionOps.DecisionView> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String paths = rs.getString("paths");
                        out.add(new PermissionOps.DecisionView(
                                rs.getString("agent_id"),
                                rs.getString("tool"),
                                rs.getString("operation"),
                                paths.isEmpty() ? List.of() : Arrays.asList(paths.split("\n")),
                                rs.getString("command"),
                                rs.getString("outcome"),
                                rs.getString("decided_by"),
                                rs.getString("reason"),
                                rs.getTimestamp("decided_at").toInstant()));
                    }
                }
                return out;
            }
        });
    }
}
