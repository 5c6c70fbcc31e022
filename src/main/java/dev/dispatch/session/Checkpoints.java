package dev.dispatch.session;

import dev.dispatch.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turn checkpoints (issue 25, engine side): for each file an agent's turn wrote through write_file or
 * edit_file, the file's content before the turn's first write (its before-image) and its hash after
 * the turn's last write. A "turn" is one user input to an agent, numbered by that input's message
 * sequence. Bounded: before-images over {@link #MAX_IMAGE_BYTES} are not kept (undo refuses that file,
 * naming it), and only the latest {@link #KEEP_TURNS} turns of a session are kept.
 */
public final class Checkpoints {
    public static final int MAX_IMAGE_BYTES = 4 * 1024 * 1024;
    public static final int KEEP_TURNS = 50;

    /** One file of one turn; {@code before} null with {@code existed} means the file was too large to keep. */
    public record Entry(int turn, String path, boolean existed, byte[] before, String afterHash) {
        public boolean kept() {
            return !existed || before != null;
        }
    }

    private final Store store;
    private final InstantSource clock;
    /** The turn each session is in now (set by the turn loop when an input starts). */
    private final Map<String, Integer> current = new ConcurrentHashMap<>();

    public Checkpoints(Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    public void beginTurn(String sessionId, int turn) {
        current.put(sessionId, turn);
    }

    /** The session's turn now; 0 for a write outside any agent input. */
    public int turn(String sessionId) {
        return current.getOrDefault(sessionId, 0);
    }

    /**
     * Records a write: the first write of {@code path} in {@code turn} keeps its before-image, later ones
     * only move the after-hash. Turns beyond the latest {@link #KEEP_TURNS} are dropped.
     */
    public void record(String sessionId, int turn, String path, boolean existed, byte[] before, String afterHash) {
        byte[] image = before != null && before.length > MAX_IMAGE_BYTES ? null : before;
        store.write(c -> {
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE session_checkpoint SET after_hash = ?"
                    + " WHERE session_id = ? AND turn = ? AND path = ? AND undone = FALSE")) {
                ps.setString(1, afterHash);
                ps.setString(2, sessionId);
                ps.setInt(3, turn);
                ps.setString(4, path);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO session_checkpoint(session_id, turn,"
                        + " path, existed, before_image, after_hash, at) VALUES (?,?,?,?,?,?,?)")) {
                    ps.setString(1, sessionId);
                    ps.setInt(2, turn);
                    ps.setString(3, path);
                    ps.setBoolean(4, existed);
                    ps.setBytes(5, image);
                    ps.setString(6, afterHash);
                    ps.setTimestamp(7, Timestamp.from(clock.instant()));
                    ps.executeUpdate();
                }
                prune(c, sessionId);
            }
            return null;
        });
    }

    private static void prune(Connection c, String sessionId) throws SQLException {
        Integer oldestKept = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT turn FROM session_checkpoint"
                + " WHERE session_id = ? ORDER BY turn DESC LIMIT 1 OFFSET " + (KEEP_TURNS - 1))) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) oldestKept = rs.getInt(1);
            }
        }
        if (oldestKept == null) return;
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM session_checkpoint WHERE session_id = ? AND turn < ?")) {
            ps.setString(1, sessionId);
            ps.setInt(2, oldestKept);
            ps.executeUpdate();
        }
    }

    /** The files of the session's latest turn not yet undone (empty: nothing to undo). */
    public List<Entry> lastTurn(String sessionId) {
        return entries(
                sessionId,
                " AND turn = (SELECT MAX(turn) FROM session_checkpoint WHERE session_id = ? AND undone = FALSE)",
                true);
    }

    /** Every file write of the session not undone, oldest first. */
    public List<Entry> all(String sessionId) {
        return entries(sessionId, "", false);
    }

    public void markUndone(String sessionId, int turn) {
        store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE session_checkpoint SET undone = TRUE WHERE session_id = ? AND turn = ?")) {
                ps.setString(1, sessionId);
                ps.setInt(2, turn);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private List<Entry> entries(String sessionId, String extra, boolean twice) {
        return store.read(c -> {
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT turn, path, existed, before_image, after_hash"
                    + " FROM session_checkpoint WHERE session_id = ? AND undone = FALSE" + extra + " ORDER BY id")) {
                ps.setString(1, sessionId);
                if (twice) ps.setString(2, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next())
                        out.add(new Entry(
                                rs.getInt(1), rs.getString(2), rs.getBoolean(3), rs.getBytes(4), rs.getString(5)));
                }
            }
            return out;
        });
    }
}
