package dev.dispatch.session;

import dev.dispatch.protocol.SessionOps.AgentSnapshot;
import dev.dispatch.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The last known state of each in-process agent of a session (parent, template, model, grants, skills,
 * status), written as it changes so it outlives its owner: after a kill -9, {@code sessions show} still
 * lists who was working on what, and a resume restores the main agent's template and model. Its task
 * list is not copied here: it is the {@link TaskLists} rows of the agent's session, written as they change.
 */
public final class AgentSnapshots {
    private static final int MAX_TEXT = 4000;
    private final Store store;
    private final InstantSource clock;

    public AgentSnapshots(Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** One stored snapshot; {@code grants} and {@code skills} as the agent's gate and prompt had them. */
    public record Saved(
            String agentId,
            String sessionId,
            String parentAgentId,
            String name,
            String template,
            String model,
            String provider,
            boolean detached,
            List<String> grants,
            List<String> skills,
            String status,
            String detail,
            Instant startedAt,
            Instant updatedAt) {}

    /** Writes the agent's current state (its first write records when it started). */
    public void save(AgentSnapshot a) {
        Timestamp now = Timestamp.from(clock.instant());
        String status = a.status().name().toLowerCase(Locale.ROOT);
        store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE session_agent SET parent_agent_id = ?, name = ?,"
                    + " template = ?, model = ?, provider = ?, detached = ?, grants = ?, skills = ?, status = ?,"
                    + " detail = ?, updated_at = ? WHERE agent_id = ?")) {
                ps.setString(1, a.parentAgentId());
                ps.setString(2, a.name());
                ps.setString(3, a.template());
                ps.setString(4, a.model());
                ps.setString(5, a.provider());
                ps.setBoolean(6, a.detached());
                ps.setString(7, joined(a.permissions()));
                ps.setString(8, joined(a.skills()));
                ps.setString(9, status);
                ps.setString(10, clip(a.detail()));
                ps.setTimestamp(11, now);
                ps.setString(12, a.agentId());
                if (ps.executeUpdate() > 0) return null;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO session_agent(agent_id, session_id,"
                    + " parent_agent_id, name, template, model, provider, detached, grants, skills, status, detail,"
                    + " started_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                ps.setString(1, a.agentId());
                ps.setString(2, a.sessionId());
                ps.setString(3, a.parentAgentId());
                ps.setString(4, a.name());
                ps.setString(5, a.template());
                ps.setString(6, a.model());
                ps.setString(7, a.provider());
                ps.setBoolean(8, a.detached());
                ps.setString(9, joined(a.permissions()));
                ps.setString(10, joined(a.skills()));
                ps.setString(11, status);
                ps.setString(12, clip(a.detail()));
                ps.setTimestamp(13, now);
                ps.setTimestamp(14, now);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The agents that worked in {@code sessionId}, in the order they started. */
    public List<Saved> list(String sessionId) {
        return store.read(c -> {
            List<Saved> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM session_agent WHERE session_id = ? ORDER BY started_at, agent_id")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(saved(rs));
                }
            }
            return out;
        });
    }

    /** The session's main agent as last seen: the latest started without a parent agent. */
    public Optional<Saved> main(String sessionId) {
        List<Saved> all = list(sessionId);
        for (int i = all.size() - 1; i >= 0; i--)
            if (all.get(i).parentAgentId() == null) return Optional.of(all.get(i));
        return Optional.empty();
    }

    private static Saved saved(ResultSet rs) throws SQLException {
        return new Saved(
                rs.getString("agent_id"),
                rs.getString("session_id"),
                rs.getString("parent_agent_id"),
                rs.getString("name"),
                rs.getString("template"),
                rs.getString("model"),
                rs.getString("provider"),
                rs.getBoolean("detached"),
                split(rs.getString("grants")),
                split(rs.getString("skills")),
                rs.getString("status"),
                rs.getString("detail"),
                rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    /** One item a line: grants and skill names hold no line breaks. */
    private static String joined(List<String> items) {
        if (items == null || items.isEmpty()) return null;
        return clip(
                String.join("\n", items.stream().map(s -> s.replace('\n', ' ')).toList()));
    }

    private static List<String> split(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
    }
}
