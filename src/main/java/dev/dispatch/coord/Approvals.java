package dev.dispatch.coord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.dispatch.protocol.ApprovalOps;
import dev.dispatch.protocol.ApprovalOps.ApprovalView;
import dev.dispatch.protocol.ApprovalOps.DecideApproval;
import dev.dispatch.protocol.ApprovalOps.Filter;
import dev.dispatch.protocol.ApprovalOps.ListApprovals;
import dev.dispatch.protocol.ApprovalOps.ListResult;
import dev.dispatch.protocol.ApprovalOps.RequestApproval;
import dev.dispatch.protocol.ApprovalOps.State;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Approvals: an agent asks a question with a fixed set of options, the operator decides once, and
 * the wait (decided − requested) is kept so slow decisions are visible.
 */
public final class Approvals {
    static final int MAX_OPTIONS = 20;
    private static final List<String> DEFAULT_OPTIONS = List.of("yes", "no");
    private static final String COLUMNS = "SELECT id, space, agent, question, options, state, decision, note,"
            + " requested_at, decided_at, wait_ms FROM approval ";

    private final Ledger ledger;
    private final AgentDirectory agents;

    Approvals(Ledger ledger, AgentDirectory agents) {
        this.ledger = ledger;
        this.agents = agents;
    }

    public ApprovalView request(RequestApproval p) {
        String space = Inputs.space(p.space());
        String agent = Inputs.name("agent", p.agent());
        String question = Inputs.body("question", p.question());
        List<String> options = options(p.options());
        if (!agents.exists(space, agent)) {
            throw EngineException.notFound("unknown agent '" + agent + "' in space '" + space + "'; check --agent");
        }
        return ledger.write(tx -> {
            Connection c = tx.c;
            Instant now = tx.now;
            String id = "apr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO approval(id, space, agent, question, options, state,"
                            + " requested_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)")) {
                ps.setString(1, id);
                ps.setString(2, space);
                ps.setString(3, agent);
                ps.setString(4, question);
                ps.setString(5, json(options));
                ps.setTimestamp(6, Timestamp.from(now));
                ps.executeUpdate();
            }
            ApprovalView v = find(c, space, id);
            tx.emit(space, agent, new ApprovalOps.ApprovalRequested(v));
            return v;
        });
    }

    public ListResult list(ListApprovals p) {
        String space = Inputs.space(p.space());
        String where = p.filter() == Filter.pending ? "WHERE space = ? AND state = 'pending'" : "WHERE space = ?";
        return ledger.read((c, now) -> new ListResult(query(c, COLUMNS + where + " ORDER BY requested_at, id", space)));
    }

    public ApprovalView decide(DecideApproval p) {
        String space = Inputs.space(p.space());
        String id = Inputs.id("approval id", p.id());
        String option = Inputs.id("option", p.option());
        String note = p.note() == null || p.note().isEmpty() ? null : Inputs.body("note", p.note());
        return ledger.write(tx -> {
            Connection c = tx.c;
            Instant now = tx.now;
            ApprovalView a = find(c, space, id);
            if (a == null)
                throw EngineException.notFound(
                        "no approval '" + id + "' in space '" + space + "'; see 'dispatch approval list'");
            if (a.state() == State.decided) {
                throw EngineException.conflict(
                        "approval " + id + " was already decided '" + a.decision() + "' at " + a.decidedAt());
            }
            if (!a.options().contains(option)) {
                throw EngineException.invalid("option '" + option + "' is not one of " + String.join(", ", a.options())
                        + " for approval " + id);
            }
            long waitMs = Duration.between(a.requestedAt(), now).toMillis();
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE approval SET state = 'decided', decision = ?, note = ?,"
                            + " decided_at = ?, wait_ms = ? WHERE id = ? AND state = 'pending'")) {
                ps.setString(1, option);
                ps.setString(2, note);
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setLong(4, waitMs);
                ps.setString(5, id);
                ps.executeUpdate();
            }
            ApprovalView v = find(c, space, id);
            tx.emit(space, Messages.OPERATOR, new ApprovalOps.ApprovalDecided(v));
            return v;
        });
    }

    private static List<String> options(List<String> given) {
        if (given == null || given.isEmpty()) return DEFAULT_OPTIONS;
        if (given.size() > MAX_OPTIONS)
            throw EngineException.invalid(given.size() + " options given; at most " + MAX_OPTIONS);
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String o : given) {
            if (!out.add(Inputs.id("option", o))) throw EngineException.invalid("option '" + o + "' is given twice");
        }
        return List.copyOf(out);
    }

    private static ApprovalView find(Connection c, String space, String id) throws SQLException {
        List<ApprovalView> found = query(c, COLUMNS + "WHERE space = ? AND id = ?", space, id);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<ApprovalView> query(Connection c, String sql, String... args) throws SQLException {
        List<ApprovalView> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Long wait = rs.getObject(11) == null ? null : rs.getLong(11);
                    out.add(new ApprovalView(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            parseOptions(rs.getString(5)),
                            State.valueOf(rs.getString(6)),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getTimestamp(9).toInstant(),
                            instant(rs.getTimestamp(10)),
                            wait));
                }
            }
        }
        return out;
    }

    private static String json(List<String> options) {
        try {
            return Json.mapper().writeValueAsString(options);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode options", e);
        }
    }

    private static List<String> parseOptions(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored options are not a JSON list: " + json, e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
