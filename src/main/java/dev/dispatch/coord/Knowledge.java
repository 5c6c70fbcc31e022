package dev.dispatch.coord;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.KnowledgeOps;
import dev.dispatch.protocol.KnowledgeOps.ListResult;
import dev.dispatch.protocol.KnowledgeOps.ListTopics;
import dev.dispatch.protocol.KnowledgeOps.ReadTopic;
import dev.dispatch.protocol.KnowledgeOps.SearchKnowledge;
import dev.dispatch.protocol.KnowledgeOps.SearchResult;
import dev.dispatch.protocol.KnowledgeOps.TopicSummary;
import dev.dispatch.protocol.KnowledgeOps.TopicView;
import dev.dispatch.protocol.KnowledgeOps.WriteTopic;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned knowledge topics: every write adds a version (nothing is overwritten), the latest
 * version is what {@link TextIndex} searches, and {@link #search} ranks topics, messages and tasks.
 */
public final class Knowledge {
    /** Most hits one search returns. */
    static final int MAX_HITS = 100;
    /** Longest query, in characters. */
    static final int MAX_QUERY_CHARS = 1000;

    private final Ledger ledger;
    private final AgentDirectory agents;

    Knowledge(Ledger ledger, AgentDirectory agents) {
        this.ledger = ledger;
        this.agents = agents;
    }

    public TopicView write(WriteTopic p) {
        String space = Inputs.space(p.space());
        String topic = Inputs.topic(p.topic());
        String text = Inputs.body("topic text", p.text());
        String agent = Inputs.optionalName("agent", p.agent());
        if (agent != null && !agent.equals(Messages.OPERATOR) && !agents.exists(space, agent)) {
            throw EngineException.notFound("unknown agent '" + agent + "' in space '" + space + "'; check --agent");
        }
        return ledger.write(tx -> {
            Connection c = tx.c;
            Instant now = tx.now;
            int version = latestVersion(c, space, topic) + 1;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO kb_version(space, topic, version, body, agent, written_at) VALUES (?, ?, ?, ?, ?,"
                            + " ?)")) {
                ps.setString(1, space);
                ps.setString(2, topic);
                ps.setInt(3, version);
                ps.setString(4, text);
                ps.setString(5, agent);
                ps.setTimestamp(6, Timestamp.from(now));
                ps.executeUpdate();
            }
            TextIndex.put(c, "topic", topic, space, topic.replace('/', ' '), text);
            tx.emit(space, agent, new KnowledgeOps.KnowledgeWritten(topic, version, text.length()));
            return new TopicView(space, topic, version, text, agent, now);
        });
    }

    public TopicView read(ReadTopic p) {
        String space = Inputs.space(p.space());
        String topic = Inputs.topic(p.topic());
        if (p.version() < 0)
            throw EngineException.invalid("version " + p.version() + " must be 1 or more (or omitted for the latest)");
        return ledger.read((c, now) -> {
            int latest = latestVersion(c, space, topic);
            if (latest == 0) {
                throw EngineException.notFound(
                        "no topic '" + topic + "' in space '" + space + "'; see 'dispatch kb list'");
            }
            int version = p.version() == 0 ? latest : p.version();
            if (version > latest) {
                throw EngineException.notFound(
                        "topic '" + topic + "' has versions 1.." + latest + "; there is no version " + version);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT body, agent, written_at FROM kb_version WHERE space = ? AND topic = ? AND version = ?")) {
                ps.setString(1, space);
                ps.setString(2, topic);
                ps.setInt(3, version);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new TopicView(
                            space,
                            topic,
                            version,
                            rs.getString(1),
                            rs.getString(2),
                            rs.getTimestamp(3).toInstant());
                }
            }
        });
    }

    public ListResult list(ListTopics p) {
        String space = Inputs.space(p.space());
        return ledger.read((c, now) -> {
            List<TopicSummary> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT v.topic, v.version, LENGTH(v.body), v.written_at"
                    + " FROM kb_version v WHERE v.space = ? AND v.version ="
                    + " (SELECT MAX(w.version) FROM kb_version w WHERE w.space = v.space AND w.topic = v.topic)"
                    + " ORDER BY v.topic")) {
                ps.setString(1, space);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TopicSummary(
                                rs.getString(1),
                                rs.getInt(2),
                                rs.getInt(3),
                                rs.getTimestamp(4).toInstant()));
                    }
                }
            }
            return new ListResult(out);
        });
    }

    public SearchResult search(SearchKnowledge p) {
        String space = Inputs.space(p.space());
        String query = Inputs.line("query", p.query() == null ? null : p.query().strip(), MAX_QUERY_CHARS);
        if (p.limit() < 0 || p.limit() > MAX_HITS) {
            throw EngineException.invalid("limit " + p.limit() + " must be between 1 and " + MAX_HITS);
        }
        List<String> kinds = p.kinds() == null ? List.of() : List.copyOf(p.kinds());
        for (String k : kinds) {
            if (!TextIndex.KINDS.contains(k)) {
                throw EngineException.invalid("unknown kind '" + k + "'; use topic, message or task");
            }
        }
        int limit = p.limit() == 0 ? 10 : p.limit();
        return ledger.read((c, now) ->
                new SearchResult(query, TextIndex.queryTerms(query), TextIndex.search(c, space, query, kinds, limit)));
    }

    private static int latestVersion(Connection c, String space, String topic) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT COALESCE(MAX(version), 0) FROM kb_version WHERE space = ? AND topic = ?")) {
            ps.setString(1, space);
            ps.setString(2, topic);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
