package dev.dispatch.session;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.store.Store;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Records agent sessions in the store as they happen: each message, tool call and usage row is its
 * own committed write, so a crash loses at most the step in flight, and a later run can carry on
 * ({@code dispatch run --continue}).
 */
public final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Store store;
    private final InstantSource clock;

    public Sessions(Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    public static String newId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return "ses_" + HexFormat.of().formatHex(b);
    }

    /** Creates a session row and returns it. */
    public SessionRecord create(
            String space, String projectRoot, String title, String model, String provider, String parentSessionId) {
        String id = newId();
        var now = Timestamp.from(clock.instant());
        store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO session(id, space, project_root, title, model,"
                            + " provider, parent_session_id, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,'active',?,?)")) {
                ps.setString(1, id);
                ps.setString(2, space);
                ps.setString(3, projectRoot);
                ps.setString(4, title == null ? null : truncate(title, 500));
                ps.setString(5, model);
                ps.setString(6, provider);
                ps.setString(7, parentSessionId);
                ps.setTimestamp(8, now);
                ps.setTimestamp(9, now);
                ps.executeUpdate();
            }
            return null;
        });
        return find(id).orElseThrow();
    }

    /** Appends a message and returns its sequence number within the session. */
    public int appendMessage(String sessionId, String agentId, String role, String contentJson, String plainText) {
        return store.write(c -> {
            int seq;
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM session_message WHERE session_id = ?")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    seq = rs.getInt(1);
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO session_message(session_id, seq, agent_id, role,"
                            + " content, plain_text, created_at) VALUES (?,?,?,?,?,?,?)")) {
                ps.setString(1, sessionId);
                ps.setInt(2, seq);
                ps.setString(3, agentId);
                ps.setString(4, role);
                ps.setString(5, contentJson);
                ps.setString(6, plainText);
                ps.setTimestamp(7, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            SessionText.index(c, sessionId, seq, plainText);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE session SET message_count = message_count + 1, updated_at = ? WHERE id = ?")) {
                ps.setTimestamp(1, Timestamp.from(clock.instant()));
                ps.setString(2, sessionId);
                // the work's savepoint undoes the insert above: a deleted session gets no orphan rows
                if (ps.executeUpdate() == 0)
                    throw EngineException.notFound("session '" + sessionId + "' was deleted (dispatch sessions"
                            + " delete): start a new conversation");
            }
            return seq;
        });
    }

    /** Records that a tool call started (arguments as the model wrote them). */
    public void toolCallStarted(String sessionId, String agentId, String callId, String tool, String argumentsJson) {
        store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(dev.dispatch.store.Dialect.of(c)
                    .upsert(
                            "session_tool_call",
                            java.util.List.of("session_id", "call_id", "agent_id", "tool", "arguments", "started_at"),
                            java.util.List.of("session_id", "call_id")))) {
                ps.setString(1, sessionId);
                ps.setString(2, callId);
                ps.setString(3, agentId);
                ps.setString(4, tool);
                ps.setString(5, argumentsJson);
                ps.setTimestamp(6, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Records a tool call's outcome. */
    public void toolCallFinished(String sessionId, String callId, String result, boolean failed, Integer exitCode) {
        store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE session_tool_call SET result = ?, failed = ?,"
                    + " exit_code = ?, finished_at = ? WHERE session_id = ? AND call_id = ?")) {
                ps.setString(1, result);
                ps.setBoolean(2, failed);
                if (exitCode == null) ps.setNull(3, java.sql.Types.INTEGER);
                else ps.setInt(3, exitCode);
                ps.setTimestamp(4, Timestamp.from(clock.instant()));
                ps.setString(5, sessionId);
                ps.setString(6, callId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Adds one usage row and the session's running totals, in one transaction. */
    public void recordUsage(String sessionId, UsageRow u) {
        store.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO session_usage(session_id, agent_id, model, key_id,"
                            + " input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, at,"
                            + " provider) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
                ps.setString(1, sessionId);
                ps.setString(2, u.agentId());
                ps.setString(3, u.model());
                ps.setString(4, u.keyId());
                ps.setLong(5, u.inputTokens());
                ps.setLong(6, u.outputTokens());
                ps.setLong(7, u.cacheReadTokens());
                ps.setLong(8, u.cacheWriteTokens());
                ps.setBigDecimal(9, u.costUsd());
                ps.setTimestamp(10, Timestamp.from(clock.instant()));
                ps.setString(11, u.provider());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE session SET input_tokens = input_tokens + ?,"
                    + " output_tokens = output_tokens + ?, cache_read_tokens = cache_read_tokens + ?,"
                    + " cache_write_tokens = cache_write_tokens + ?, cost_usd = cost_usd + ? WHERE id = ?")) {
                ps.setLong(1, u.inputTokens());
                ps.setLong(2, u.outputTokens());
                ps.setLong(3, u.cacheReadTokens());
                ps.setLong(4, u.cacheWriteTokens());
                ps.setBigDecimal(5, u.costUsd());
                ps.setString(6, sessionId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Marks the session's status (active, done, error, cancelled). */
    public void setStatus(String sessionId, String status) {
        store.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE session SET status = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, status);
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setString(3, sessionId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The model the session continues on (a model switch): list, show and resume read these columns. */
    public void setModel(String sessionId, String model, String provider) {
        store.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE session SET model = ?, provider = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, model);
                ps.setString(2, provider);
                ps.setTimestamp(3, Timestamp.from(clock.instant()));
                ps.setString(4, sessionId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<SessionRecord> find(String id) {
        return store.read(c -> one(c, "SELECT * FROM session WHERE id = ?", id));
    }

    /** The most recently active session of a project, for {@code --continue}. */
    public Optional<SessionRecord> latest(String projectRoot) {
        return store.read(c -> one(
                c,
                "SELECT * FROM session WHERE project_root = ? AND (parent_session_id IS NULL OR forked_at_seq IS NOT NULL)"
                        + " ORDER BY updated_at DESC, id LIMIT 1",
                projectRoot));
    }

    /** Like {@link #find}, but a missing id is a user-facing not-found error. */
    public SessionRecord require(String id) {
        return find(id).orElseThrow(() ->
                EngineException.notFound("no session '" + id + "': list them with 'dispatch sessions list --all'"));
    }

    public List<StoredMessage> messages(String sessionId) {
        return store.read(c -> {
            List<StoredMessage> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, agent_id, role, content, plain_text, created_at"
                    + " FROM session_message WHERE session_id = ? ORDER BY seq")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredMessage(
                                rs.getInt(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getTimestamp(6).toInstant()));
                    }
                }
            }
            return out;
        });
    }

    private static Optional<SessionRecord> one(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(record(rs));
            }
        }
    }

    /** The session row under {@code rs}'s cursor. */
    static SessionRecord record(ResultSet rs) throws SQLException {
        int forkedAt = rs.getInt("forked_at_seq");
        Integer forked = rs.wasNull() ? null : forkedAt;
        return new SessionRecord(
                rs.getString("id"),
                rs.getString("space"),
                rs.getString("project_root"),
                rs.getString("title"),
                rs.getString("model"),
                rs.getString("provider"),
                rs.getString("parent_session_id"),
                rs.getString("status"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("input_tokens"),
                rs.getLong("output_tokens"),
                rs.getLong("cache_read_tokens"),
                rs.getLong("cache_write_tokens"),
                rs.getBigDecimal("cost_usd"),
                rs.getInt("message_count"),
                forked);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
