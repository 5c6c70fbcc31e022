package dev.dispatch.session;

import dev.dispatch.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Agents that were waiting for a usable key when their engine stopped, so the next long-lived engine
 * can resume each on its session (the conversation is already in the session's messages).
 */
public final class WaitingAgents {
    private final Store store;
    private final InstantSource clock;

    public WaitingAgents(Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** How the agent was started, minus its prompt (already in the session). */
    public record Waiting(String sessionId, String cwd, String template, String model, String tag, Integer maxTurns) {}

    public void save(Waiting w) {
        store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(dev.dispatch.store.Dialect.of(c)
                    .upsert(
                            "waiting_agent",
                            java.util.List.of("session_id", "cwd", "template", "model", "tag", "max_turns", "saved_at"),
                            java.util.List.of("session_id")))) {
                ps.setString(1, w.sessionId());
                ps.setString(2, w.cwd());
                ps.setString(3, w.template());
                ps.setString(4, w.model());
                ps.setString(5, w.tag());
                if (w.maxTurns() == null) ps.setNull(6, Types.INTEGER);
                else ps.setInt(6, w.maxTurns());
                ps.setTimestamp(7, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Every saved agent, removed from the table in the same transaction (each is resumed once). */
    public List<Waiting> takeAll() {
        return store.write(c -> {
            List<Waiting> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT session_id, cwd, template, model, tag, max_turns FROM waiting_agent ORDER BY saved_at");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int turns = rs.getInt(6);
                    out.add(new Waiting(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.wasNull() ? null : turns));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM waiting_agent")) {
                ps.executeUpdate();
            }
            return out;
        });
    }
}
