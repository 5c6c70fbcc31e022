package dev.dispatch.coord;

import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.AgentOps.AgentView;
import dev.dispatch.protocol.EngineException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The registry side of the agents the engine itself runs (issue 20: every in-process agent is a
 * coordination agent). The engine registers each agent it starts, under its runtime id, with its
 * parent, model, template, detached flag and session; keeps it live with batched heartbeats; and when
 * it ends records the final status and gives back what it held (claimed tasks go back to the queue
 * as after an expired lease, locks are released), all through the one {@link Ledger}.
 */
public final class EngineAgents {
    /** Heartbeat interval of in-process agents: stale 2 × this after the engine stopped beating. */
    public static final int HEARTBEAT_SECONDS = 10;

    private final Ledger ledger;
    private final Sweeper sweeper;

    EngineAgents(Ledger ledger, Sweeper sweeper) {
        this.ledger = ledger;
        this.sweeper = sweeper;
    }

    /**
     * One agent the engine started. {@code name} is what it is called (template or given name); the
     * registry keeps it when free in the space, else suffixes it with the id so names stay unique.
     */
    public record Start(
            String space,
            String agentId,
            String name,
            String parentAgentId,
            String model,
            String template,
            boolean detached,
            String sessionId) {}

    /** How long an ended in-process agent stays listed (a new agent of its name takes it over sooner). */
    static final long KEEP_ENDED_MS = 24 * 3600 * 1000L;

    /**
     * Registers a started agent; registering the same runtime id again answers the row it has. An ended
     * in-process agent (done, error, cancelled, or stale: its engine is gone) that holds nothing and is
     * not among {@code running} (agents of this engine that may take input again) gives way: the new
     * agent takes its name, and ended ones older than a day are dropped, so the registry lists what runs
     * and what ran recently, not every run ever.
     */
    public AgentView register(Start s, Collection<String> running) {
        String space = Inputs.space(s.space());
        String id = Inputs.name("agent id", s.agentId());
        String base = cleanName(s.name());
        return ledger.write(tx -> {
            Optional<AgentRow> existing = AgentRow.byId(tx.c, space, id);
            if (existing.isPresent()) return AgentRow.load(tx.c, existing.get(), tx.now);
            for (AgentRow r : AgentRow.all(tx.c, space)) {
                boolean ended = r.kind().equals(AgentRow.IN_PROCESS)
                        && !running.contains(r.id())
                        && (r.status().finished() || r.liveness(tx.now).equals("stale"));
                boolean old = tx.nowMillis() - r.lastSeenAt() > KEEP_ENDED_MS;
                if (ended && (old || r.name().equals(base)) && AgentRow.running(tx.c, space, r.name()) == 0)
                    drop(tx, space, r.name());
            }
            String name = base;
            if (AgentRow.find(tx.c, space, name).isPresent()) name = base + "-" + id.substring(id.length() - 6);
            if (AgentRow.find(tx.c, space, name).isPresent()) name = base + "-" + id;
            String parent = s.parentAgentId() == null
                    ? null
                    : AgentRow.byId(tx.c, space, s.parentAgentId())
                            .map(AgentRow::name)
                            .orElse(null);
            try (PreparedStatement ps = tx.c.prepareStatement("INSERT INTO agent(space, name, id, role, parent,"
                    + " capabilities, max_concurrent, heartbeat_interval_s, token_hash, status, registered_at,"
                    + " last_seen_at, status_at, kind, model, template, detached, session_id)"
                    + " VALUES (?, ?, ?, NULL, ?, '', 1, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?)")) {
                long now = tx.nowMillis();
                ps.setString(1, space);
                ps.setString(2, name);
                ps.setString(3, id);
                ps.setString(4, parent);
                ps.setInt(5, HEARTBEAT_SECONDS);
                // an in-process agent acts through its engine, never with a token: this one is never shown
                ps.setString(6, Ids.tokenHash(Ids.token()));
                ps.setLong(7, now);
                ps.setLong(8, now);
                ps.setLong(9, now);
                ps.setString(10, AgentRow.IN_PROCESS);
                ps.setString(11, clip(s.model()));
                ps.setString(12, clip(s.template()));
                ps.setBoolean(13, s.detached());
                ps.setString(14, clip(s.sessionId()));
                ps.executeUpdate();
            }
            tx.emit(
                    space,
                    name,
                    new AgentOps.AgentRegistered(
                            id, name, AgentRow.IN_PROCESS, null, null, parent, s.model(), s.template(), s.detached()));
            return AgentRow.load(tx.c, AgentRow.find(tx.c, space, name).orElseThrow(), tx.now);
        });
    }

    /** Removes an ended agent's row and history; its children keep running as roots. */
    private static void drop(Ledger.Tx tx, String space, String name) throws SQLException {
        List<String> children = AgentRow.children(tx.c, space, name);
        for (String sql : List.of(
                "UPDATE agent SET parent = NULL WHERE space = ? AND parent = ?",
                "DELETE FROM agent_status_history WHERE space = ? AND name = ?",
                "DELETE FROM agent WHERE space = ? AND name = ?")) {
            try (PreparedStatement ps = tx.c.prepareStatement(sql)) {
                ps.setString(1, space);
                ps.setString(2, name);
                ps.executeUpdate();
            }
        }
        tx.emit(space, name, new AgentOps.AgentRemoved(name, children, "an ended in-process agent gave way"));
    }

    /** Marks these in-process agents (runtime ids) alive now, in one write; journals nothing. */
    public void heartbeat(Collection<String> agentIds) {
        if (agentIds.isEmpty()) return;
        List<String> ids = List.copyOf(agentIds);
        ledger.write(tx -> {
            String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
            try (PreparedStatement ps = tx.c.prepareStatement("UPDATE agent SET last_seen_at = ? WHERE kind = '"
                    + AgentRow.IN_PROCESS + "' AND id IN (" + marks + ")")) {
                ps.setLong(1, tx.nowMillis());
                for (int i = 0; i < ids.size(); i++) ps.setString(i + 2, ids.get(i));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** What an agent gave back when it ended. */
    public record Released(int tasks, int locks) {}

    /**
     * The agent ended with {@code status} (done, error or cancelled): its claimed tasks go back to the
     * queue (an attempt used, as after an expired lease) and its locks are released, in one write.
     */
    public Released release(String space, String name, AgentOps.Status status) {
        String why = "ended (" + status + ")";
        return ledger.write(tx -> {
            Agents.requireAgent(tx.c, space, name);
            int tasks = sweeper.rescueHeldBy(tx, space, name, why);
            int locks = Locks.releaseForAgent(tx, space, name, "holder " + name + " " + why);
            return new Released(tasks, locks);
        });
    }

    /**
     * The agent {@code ref} names in the space: its id (in-process: the runtime id) or its name. An
     * unknown reference is a not-found error naming where to look.
     */
    public AgentView resolve(String space, String ref) {
        String s = Inputs.space(space);
        if (ref == null || ref.isBlank())
            throw EngineException.invalid(
                    "no agent named: give an agent id (agt_…) or name; see 'dispatch agent list'");
        String r = ref.strip();
        return ledger.read((c, now) -> {
            Optional<AgentRow> row = AgentRow.byId(c, s, r);
            if (row.isEmpty()) row = AgentRow.find(c, s, r);
            if (row.isEmpty())
                throw EngineException.notFound("no agent '" + r + "' in space '" + s
                        + "' (neither an id nor a name); see 'dispatch agent list' or 'dispatch agent tree'");
            return AgentRow.load(c, row.get(), now);
        });
    }

    /** A registry name from a runtime name: invalid characters become '-', empty becomes 'agent'. */
    static String cleanName(String name) {
        String n = name == null ? "" : name.strip().replaceAll("[^A-Za-z0-9._:@-]", "-");
        n = n.replaceAll("^[^A-Za-z0-9]+", "");
        if (n.length() > 80) n = n.substring(0, 80);
        return n.isEmpty() ? "agent" : n;
    }

    private static String clip(String v) {
        return v == null || v.length() <= 200 ? v : v.substring(0, 200);
    }
}
