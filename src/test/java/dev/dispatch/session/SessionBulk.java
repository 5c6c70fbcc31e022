package dev.dispatch.session;

import dev.dispatch.store.Store;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Writes a whole synthetic session in one transaction, rows and search postings exactly as
 * {@link Sessions#appendMessage} writes them (for the session-store benchmark: a million one-commit
 * appends would take the benchmark's whole budget to set up).
 */
public final class SessionBulk {
    private SessionBulk() {}

    public static void write(
            Store store, String id, String space, String project, String title, Instant at, List<String> texts) {
        store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO session(id, space, project_root, title, model,"
                    + " provider, status, created_at, updated_at, message_count, input_tokens, output_tokens, cost_usd)"
                    + " VALUES (?,?,?,?,'fast','anthropic','done',?,?,?,?,?,?)")) {
                ps.setString(1, id);
                ps.setString(2, space);
                ps.setString(3, project);
                ps.setString(4, title);
                ps.setTimestamp(5, Timestamp.from(at));
                ps.setTimestamp(6, Timestamp.from(at.plusSeconds(texts.size())));
                ps.setInt(7, texts.size());
                ps.setLong(8, 1000L * texts.size());
                ps.setLong(9, 200L * texts.size());
                ps.setBigDecimal(
                        10, new java.math.BigDecimal("0.01").multiply(java.math.BigDecimal.valueOf(texts.size())));
                ps.executeUpdate();
            }
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO session_message(session_id, seq, agent_id, role,"
                            + " content, plain_text, created_at) VALUES (?,?,?,?,?,?,?)")) {
                for (int i = 0; i < texts.size(); i++) {
                    ps.setString(1, id);
                    ps.setInt(2, i + 1);
                    ps.setString(3, "agt_bench");
                    ps.setString(4, i % 2 == 0 ? "user" : "assistant");
                    ps.setString(
                            5,
                            "[{\"type\":\"text\",\"text\":"
                                    + dev.dispatch.protocol.Json.mapper().valueToTree(texts.get(i)) + "}]");
                    ps.setString(6, texts.get(i));
                    ps.setTimestamp(7, Timestamp.from(at.plusSeconds(i)));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            for (int i = 0; i < texts.size(); i++) SessionText.index(c, id, i + 1, texts.get(i));
            return null;
        });
    }
}
