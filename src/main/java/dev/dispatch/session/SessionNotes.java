package dev.dispatch.session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What happened to a session besides its messages — a model switch, a compaction, an undo — as short
 * notes that {@code sessions show} lists, and the compacted context a resume starts from. A compaction
 * never deletes messages: the originals stay for show, search and export; only the context sent to
 * the model is the summary plus the messages after {@code uptoSeq}.
 */
public final class SessionNotes {
    /** One note: {@code kind} is {@code model}, {@code compaction} or {@code undo}. */
    public record Note(String kind, String text, Instant at) {}

    /** The latest compaction: messages 1..{@code uptoSeq} are replaced in the context by {@code summary}. */
    public record Compaction(int uptoSeq, String summary, Instant at) {}

    private final dev.dispatch.store.Store store;
    private final InstantSource clock;

    public SessionNotes(dev.dispatch.store.Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    public void add(String sessionId, String kind, String text) {
        store.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO session_note(session_id, kind, text, at) VALUES (?,?,?,?)")) {
                ps.setString(1, sessionId);
                ps.setString(2, kind);
                ps.setString(3, text.length() > 4000 ? text.substring(0, 3999) + "…" : text);
                ps.setTimestamp(4, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Records an undo, also to be told to the session's agent: its next input carries the text
     * ({@link #takeForAgent}), so the model does not assume its undone edits stand.
     */
    public void undone(String sessionId, String text) {
        store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO session_note(session_id, kind, text, at, for_agent) VALUES (?, 'undo', ?, ?, TRUE)")) {
                ps.setString(1, sessionId);
                ps.setString(2, text.length() > 4000 ? text.substring(0, 3999) + "…" : text);
                ps.setTimestamp(3, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The notes the session's agent has not been told yet, oldest first, each worded for the model, and
     * marks them told in the same transaction (one input carries each note once, whichever agent runs).
     */
    public List<String> takeForAgent(String sessionId) {
        return store.write(c -> {
            List<String> out = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, text FROM session_note WHERE session_id = ?" + " AND for_agent = TRUE ORDER BY id")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        out.add(forModel(rs.getString(2)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE session_note SET for_agent = FALSE WHERE id = ?")) {
                for (long id : ids) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
            }
            return out;
        });
    }

    /** An undo note as the model reads it. */
    static String forModel(String undo) {
        return "[dispatch] Since your last turn the user " + undo + ". Those file changes no longer stand: the"
                + " files are as they were before that turn. Read them again before relying on their content.";
    }

    public List<Note> list(String sessionId) {
        return store.read(c -> {
            List<Note> out = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT kind, text, at FROM session_note WHERE session_id = ? ORDER BY id")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next())
                        out.add(new Note(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getTimestamp(3).toInstant()));
                }
            }
            return out;
        });
    }

    /** Records a compaction and its note in one transaction. */
    public void compacted(String sessionId, int uptoSeq, String summary, String note) {
        var now = Timestamp.from(clock.instant());
        store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO session_compaction(session_id, upto_seq, summary, at) VALUES (?,?,?,?)")) {
                ps.setString(1, sessionId);
                ps.setInt(2, uptoSeq);
                ps.setString(3, summary);
                ps.setTimestamp(4, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO session_note(session_id, kind, text, at) VALUES (?, 'compaction', ?, ?)")) {
                ps.setString(1, sessionId);
                ps.setString(2, note);
                ps.setTimestamp(3, now);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Compaction> latestCompaction(String sessionId) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT upto_seq, summary, at FROM session_compaction"
                    + " WHERE session_id = ? ORDER BY id DESC LIMIT 1")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new Compaction(
                            rs.getInt(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
                }
            }
        });
    }

    /** The highest message sequence number of a session (0 when it has none). */
    public int lastSeq(String sessionId) {
        return store.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM session_message WHERE session_id = ?")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}
