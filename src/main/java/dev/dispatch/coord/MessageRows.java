package dev.dispatch.coord;

import dev.dispatch.protocol.MessageOps.Importance;
import dev.dispatch.protocol.MessageOps.InboxItem;
import dev.dispatch.protocol.MessageOps.MessageView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The SQL behind {@link Messages}: the {@code message} table and per-recipient {@code inbox} rows. */
final class MessageRows {
    /** One recipient's copy of a message: its seq and when it was acked (null if not yet). */
    record Delivery(long seq, Instant ackedAt) {}

    private MessageRows() {}

    static long nextSeq(Connection c) throws SQLException {
        return Counters.next(c, "message_seq", "SELECT COALESCE(MAX(seq), 0) FROM message");
    }

    static void insert(Connection c, MessageView m, List<String> recipients) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO message(seq, id, space, sender, to_spec, thread,"
                + " importance, ack_required, body, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, m.seq());
            ps.setString(2, m.id());
            ps.setString(3, m.space());
            ps.setString(4, m.from());
            ps.setString(5, m.to());
            ps.setString(6, m.thread());
            ps.setString(7, m.importance().name());
            ps.setBoolean(8, m.ackRequired());
            ps.setString(9, m.text());
            ps.setTimestamp(10, Timestamp.from(m.sentAt()));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO inbox(space, agent, seq) VALUES (?, ?, ?)")) {
            for (String r : recipients) {
                ps.setString(1, m.space());
                ps.setString(2, r);
                ps.setLong(3, m.seq());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static List<InboxItem> inbox(Connection c, String space, String agent, long since, boolean unreadOnly, int limit)
            throws SQLException {
        String sql = "SELECT m.seq, m.id, m.space, m.sender, m.to_spec, m.thread, m.importance, m.ack_required, m.body,"
                + " m.sent_at, i.read_at, i.acked_at FROM inbox i JOIN message m ON m.seq = i.seq"
                + " WHERE i.space = ? AND i.agent = ? AND i.seq > ?" + (unreadOnly ? " AND i.read_at IS NULL" : "")
                + " ORDER BY i.seq LIMIT ?";
        List<InboxItem> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, space);
            ps.setString(2, agent);
            ps.setLong(3, since);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    MessageView m = new MessageView(
                            rs.getString(2),
                            rs.getLong(1),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            Importance.valueOf(rs.getString(7)),
                            rs.getBoolean(8),
                            rs.getString(9),
                            rs.getTimestamp(10).toInstant());
                    out.add(new InboxItem(m, instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12))));
                }
            }
        }
        return out;
    }

    static void markRead(Connection c, String space, String agent, List<Long> seqs, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE inbox SET read_at = ? WHERE space = ? AND agent = ? AND seq = ? AND read_at IS NULL")) {
            for (long seq : seqs) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setString(2, space);
                ps.setString(3, agent);
                ps.setLong(4, seq);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static Delivery delivery(Connection c, String space, String messageId, String agent) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT i.seq, i.acked_at FROM inbox i JOIN message m ON m.seq = i.seq"
                        + " WHERE m.space = ? AND m.id = ? AND i.agent = ?")) {
            ps.setString(1, space);
            ps.setString(2, messageId);
            ps.setString(3, agent);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Delivery(rs.getLong(1), instant(rs.getTimestamp(2))) : null;
            }
        }
    }

    static void ack(Connection c, String space, String agent, long seq, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE inbox SET acked_at = ?, read_at = COALESCE(read_at, ?)"
                + " WHERE space = ? AND agent = ? AND seq = ?")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, space);
            ps.setString(4, agent);
            ps.setLong(5, seq);
            ps.executeUpdate();
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
