package dev.dispatch.session;

import dev.dispatch.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;

/**
 * Indexes for search the messages stored before the index existed (migration V027): in batches of
 * {@link #BATCH}, each its own transaction that also moves a persisted cursor, so a stop (close, kill -9)
 * loses at most one batch and the next open resumes where it was. A message that already has postings
 * is skipped, so the overlap at the boundary is harmless.
 */
public final class SearchBackfill {
    static final int BATCH = 500;
    private final Store store;

    public SearchBackfill(Store store) {
        this.store = store;
    }

    /** Indexes the next batch; false once everything before the index is indexed. */
    public boolean step() {
        return store.write(c -> {
            Timestamp before;
            String cursorSession;
            int cursorSeq;
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT before_at, cursor_session, cursor_seq, done FROM session_text_backfill WHERE id = 1");
                    ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getBoolean(4) || rs.getTimestamp(1) == null) return false;
                before = rs.getTimestamp(1);
                cursorSession = rs.getString(2);
                cursorSeq = rs.getInt(3);
            }
            int seen = 0;
            String lastSession = cursorSession;
            int lastSeq = cursorSeq;
            try (PreparedStatement ps = c.prepareStatement("SELECT session_id, seq, plain_text, created_at"
                    + " FROM session_message WHERE session_id > ? OR (session_id = ? AND seq > ?)"
                    + " ORDER BY session_id, seq LIMIT " + BATCH)) {
                ps.setString(1, cursorSession);
                ps.setString(2, cursorSession);
                ps.setInt(3, cursorSeq);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        seen++;
                        lastSession = rs.getString(1);
                        lastSeq = rs.getInt(2);
                        if (!rs.getTimestamp(4).before(before)) continue;
                        if (!indexed(c, lastSession, lastSeq, rs.getString(3)))
                            SessionText.index(c, lastSession, lastSeq, rs.getString(3));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE session_text_backfill SET cursor_session = ?,"
                    + " cursor_seq = ?, done = ? WHERE id = 1")) {
                ps.setString(1, lastSession);
                ps.setInt(2, lastSeq);
                ps.setBoolean(3, seen < BATCH);
                ps.executeUpdate();
            }
            return seen == BATCH;
        });
    }

    /** Whether the message already has its postings (one primary-key lookup on its first term). */
    private static boolean indexed(java.sql.Connection c, String sessionId, int seq, String text)
            throws java.sql.SQLException {
        var spans = SessionText.spans(text);
        if (spans.isEmpty()) return true;
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM session_term WHERE term = ? AND session_id = ? AND seq = ?")) {
            ps.setString(1, spans.get(0).term());
            ps.setString(2, sessionId);
            ps.setInt(3, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Runs every step on a virtual thread, stopping quietly when the store closes under it. */
    public void startInBackground() {
        Thread.ofVirtual().name("search-backfill").start(() -> {
            try {
                while (step()) Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // the store closed (or failed): the cursor holds, the next open resumes
            }
        });
    }
}
