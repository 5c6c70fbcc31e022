package dev.dispatch.coord;

import dev.dispatch.protocol.TaskOps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Task dependencies ({@code --after}): a task is pending until every task it waits for is done. */
final class Dependencies {
    private Dependencies() {}

    static boolean allDone(Connection c, String id) throws SQLException {
        return notDone(c, id).isEmpty();
    }

    /** The dependencies of {@code id} that are not done yet. */
    static List<String> notDone(Connection c, String id) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT d.depends_on FROM task_dep d JOIN task t ON t.id = d.depends_on"
                        + " WHERE d.task_id = ? AND t.status <> 'done' ORDER BY d.depends_on")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** After {@code doneId} completed: every pending dependent whose dependencies are now all done becomes ready. */
    static void release(Ledger.Tx tx, String space, String doneId) throws SQLException {
        List<String> dependents = new ArrayList<>();
        try (PreparedStatement ps =
                tx.c.prepareStatement("SELECT d.task_id FROM task_dep d JOIN task t ON t.id = d.task_id"
                        + " WHERE d.depends_on = ? AND t.status = 'pending'")) {
            ps.setString(1, doneId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) dependents.add(rs.getString(1));
            }
        }
        for (String dep : dependents) {
            if (!allDone(tx.c, dep)) continue;
            try (PreparedStatement ps = tx.c.prepareStatement(
                    "UPDATE task SET status = 'ready', version = version + 1 WHERE id = ? AND status = 'pending'")) {
                ps.setString(1, dep);
                if (ps.executeUpdate() == 1) {
                    TaskRow.history(tx.c, dep, tx.now, "ready", 0, null, "dependencies done");
                    tx.emit(space, null, new TaskOps.TaskReady(dep, "dependencies done"));
                }
            }
        }
    }
}
