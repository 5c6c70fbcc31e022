package dev.dispatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The event journal: every state change appends one row <em>in the same transaction</em> as the
 * change, so an event exists exactly when its change committed. Sequence numbers are assigned by the
 * store's single writer, so sequence order is commit order and a reader that resumes after seq N
 * never misses an event committed later with a smaller number.
 */
public final class Journal {
    /** One journal row; {@code data} is the event's JSON payload. */
    public record Entry(long seq, Instant at, String space, String type, String agent, String data) {}

    private Journal() {}

    /** Appends an event inside the caller's transaction and returns its sequence number. */
    public static long append(Connection c, String space, String type, String agent, String jsonData, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO journal(at, space, type, agent, data) VALUES (?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, space);
            ps.setString(3, type);
            ps.setString(4, agent);
            ps.setString(5, jsonData);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Events with seq greater than {@code since}, in order, at most {@code limit}. */
    public static List<Entry> after(Connection c, long since, int limit) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, at, space, type, agent, data FROM journal WHERE seq > ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, since);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(
                            rs.getLong(1),
                            rs.getTimestamp(2).toInstant(),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6)));
                }
            }
        }
        return out;
    }

    /** The oldest retained sequence number, or 0 when the journal is empty. */
    public static long oldest(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COALESCE(MIN(seq), 0) FROM journal")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The newest sequence number, or 0 when nothing was ever journaled. */
    public static long newest(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM journal")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Drops events older than {@code keepAfter} (retention); readers behind it get a reset. */
    public static int prune(Connection c, Instant keepAfter, long keepAtLeast) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM journal WHERE at < ? AND seq <= (SELECT COALESCE(MAX(seq), 0) FROM journal) - ?")) {
            ps.setTimestamp(1, Timestamp.from(keepAfter));
            ps.setLong(2, keepAtLeast);
            return ps.executeUpdate();
        }
    }
}
