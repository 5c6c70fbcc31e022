package dev.dispatch.coord;

import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.AgentOps.AgentDetail;
import dev.dispatch.protocol.AgentOps.AgentList;
import dev.dispatch.protocol.AgentOps.AgentView;
import dev.dispatch.protocol.AgentOps.DrainAgent;
import dev.dispatch.protocol.AgentOps.ListRegisteredAgents;
import dev.dispatch.protocol.AgentOps.RegisterAgent;
import dev.dispatch.protocol.AgentOps.RegisterResult;
import dev.dispatch.protocol.AgentOps.RemoveAgent;
import dev.dispatch.protocol.AgentOps.RemoveResult;
import dev.dispatch.protocol.AgentOps.SendHeartbeat;
import dev.dispatch.protocol.AgentOps.SetAgentStatus;
import dev.dispatch.protocol.AgentOps.ShowAgent;
import dev.dispatch.protocol.AgentOps.StatusChange;
import dev.dispatch.protocol.AgentOps.StatusResult;
import dev.dispatch.protocol.EngineException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent registry of each space: registration with a minted token, sticky status with history,
 * heartbeats (liveness is computed: stale after twice the interval), a parent hierarchy without
 * cycles, drain and removal. Also the small read API other coord parts and the daemon use.
 */
public final class Agents {

    private final Ledger ledger;

    Agents(Ledger ledger) {
        this.ledger = ledger;
    }

    public RegisterResult register(RegisterAgent p) {
        String space = Inputs.space(p.space());
        String name = Inputs.name("agent name", p.name());
        List<String> caps = Inputs.names("capability", p.capabilities());
        String role = Inputs.optionalLine("role", p.role(), Inputs.MAX_SHORT);
        String parent = Inputs.optionalName("parent", p.parent());
        int max = Inputs.range("max-concurrent", p.maxConcurrent(), 1, 1, 1_000);
        int interval = Inputs.range("heartbeat-interval", p.heartbeatIntervalSeconds(), 60, 1, 86_400);
        if (name.equals(parent)) throw EngineException.conflict("agent '" + name + "' cannot be its own parent");
        String token = Ids.token();
        return ledger.write(tx -> {
            if (AgentRow.find(tx.c, space, name).isPresent()) {
                throw EngineException.conflict("agent '" + name + "' is already registered in space '" + space
                        + "'; pick another name or run 'dispatch agent remove " + name + "' first");
            }
            if (parent != null) requireAgent(tx.c, space, parent);
            String id = Ids.agent();
            try (PreparedStatement ps =
                    tx.c.prepareStatement("INSERT INTO agent(space, name, id, role, parent, capabilities,"
                            + " max_concurrent, heartbeat_interval_s, token_hash, status, registered_at, last_seen_at, status_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'idle', ?, ?, ?)")) {
                long now = tx.nowMillis();
                bind(ps, 1, space, name, id, role, parent, Inputs.joinNames(caps));
                ps.setInt(7, max);
                ps.setInt(8, interval);
                ps.setString(9, Ids.tokenHash(token));
                ps.setLong(10, now);
                ps.setLong(11, now);
                ps.setLong(12, now);
                ps.executeUpdate();
            }
            tx.emit(space, name, new AgentOps.AgentRegistered(id, name, null, caps, role, parent, null, null, null));
            AgentView view = AgentRow.load(tx.c, requireAgent(tx.c, space, name), tx.now);
            return new RegisterResult(view, token);
        });
    }

    public AgentList list(ListRegisteredAgents p) {
        String space = Inputs.space(p.space());
        return ledger.read((c, now) -> {
            List<AgentRow> rows = AgentRow.all(c, space);
            Map<String, List<String>> kids = new HashMap<>();
            for (AgentRow r : rows) {
                if (r.parent() != null)
                    kids.computeIfAbsent(r.parent(), k -> new ArrayList<>()).add(r.name());
            }
            Map<String, Integer> running = runningBy(c, space);
            Map<String, Integer> depths = AgentRow.depths(rows);
            List<AgentView> out = new ArrayList<>();
            for (AgentRow r : rows) {
                out.add(r.view(
                        now,
                        kids.getOrDefault(r.name(), List.of()),
                        running.getOrDefault(r.name(), 0),
                        depths.getOrDefault(r.name(), 0)));
            }
            return new AgentList(out);
        });
    }

    public AgentDetail show(ShowAgent p) {
        String space = Inputs.space(p.space());
        String name = Inputs.name("agent name", p.name());
        return ledger.read((c, now) -> {
            AgentView view = AgentRow.load(c, requireAgent(c, space, name), now);
            List<StatusChange> history = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT at, status, summary, branch, pr, phase, blocker,"
                    + " next_step, parent FROM agent_status_history WHERE space = ? AND name = ? ORDER BY id")) {
                ps.setString(1, space);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        history.add(new StatusChange(
                                Instant.ofEpochMilli(rs.getLong(1)),
                                AgentRow.status(rs.getString(2)),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getString(8),
                                rs.getString(9)));
                    }
                }
            }
            return new AgentDetail(view, history);
        });
    }

    public StatusResult status(SetAgentStatus p) {
        String space = Inputs.space(p.space());
        String name = Inputs.name("agent name", p.name());
        AgentOps.Status status = p.status();
        String summary = Inputs.optionalBody("summary", p.summary());
        String branch = Inputs.optionalLine("branch", p.branch(), Inputs.MAX_SHORT);
        String pr = Inputs.optionalLine("pr", p.pr(), Inputs.MAX_SHORT);
        String phase = Inputs.optionalLine("phase", p.phase(), Inputs.MAX_SHORT);
        String blocker = Inputs.optionalBody("blocker", p.blocker());
        String next = Inputs.optionalBody("next", p.next());
        String parent = Inputs.optionalName("parent", p.parent());
        return ledger.write(tx -> {
            AgentRow old = requireAgent(tx.c, space, name);
            if (parent != null && !parent.equals(old.parent())) Hierarchy.checkParent(tx.c, space, name, parent);
            // sticky: a field left out keeps its value
            AgentRow now = new AgentRow(
                    space,
                    name,
                    old.id(),
                    old.role(),
                    pick(parent, old.parent()),
                    old.capabilities(),
                    old.maxConcurrent(),
                    old.heartbeatIntervalSeconds(),
                    status != null ? status : old.status(),
                    pick(summary, old.summary()),
                    pick(branch, old.branch()),
                    pick(pr, old.pr()),
                    pick(phase, old.phase()),
                    pick(blocker, old.blocker()),
                    pick(next, old.next()),
                    old.drained(),
                    old.registeredAt(),
                    tx.nowMillis(),
                    old.statusAt(),
                    old.kind(),
                    old.model(),
                    old.template(),
                    old.detached(),
                    old.sessionId());
            boolean changed = !now.equals(new AgentRow(
                    space,
                    name,
                    old.id(),
                    old.role(),
                    old.parent(),
                    old.capabilities(),
                    old.maxConcurrent(),
                    old.heartbeatIntervalSeconds(),
                    old.status(),
                    old.summary(),
                    old.branch(),
                    old.pr(),
                    old.phase(),
                    old.blocker(),
                    old.next(),
                    old.drained(),
                    old.registeredAt(),
                    tx.nowMillis(),
                    old.statusAt(),
                    old.kind(),
                    old.model(),
                    old.template(),
                    old.detached(),
                    old.sessionId()));
            long statusAt = changed ? tx.nowMillis() : old.statusAt();
            try (PreparedStatement ps = tx.c.prepareStatement("UPDATE agent SET parent = ?, status = ?, summary = ?,"
                    + " branch = ?, pr = ?, phase = ?, blocker = ?, next_step = ?, last_seen_at = ?, status_at = ?"
                    + " WHERE space = ? AND name = ?")) {
                bind(
                        ps,
                        1,
                        now.parent(),
                        now.status().name(),
                        now.summary(),
                        now.branch(),
                        now.pr(),
                        now.phase(),
                        now.blocker(),
                        now.next());
                ps.setLong(9, tx.nowMillis());
                ps.setLong(10, statusAt);
                ps.setString(11, space);
                ps.setString(12, name);
                ps.executeUpdate();
            }
            if (changed) {
                try (PreparedStatement ps = tx.c.prepareStatement(
                        "INSERT INTO agent_status_history(space, name, at,"
                                + " status, summary, branch, pr, phase, blocker, next_step, parent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    bind(ps, 1, space, name);
                    ps.setLong(3, tx.nowMillis());
                    bind(
                            ps,
                            4,
                            now.status().name(),
                            now.summary(),
                            now.branch(),
                            now.pr(),
                            now.phase(),
                            now.blocker(),
                            now.next(),
                            now.parent());
                    ps.executeUpdate();
                }
                tx.emit(
                        space,
                        name,
                        new AgentOps.AgentStatusChanged(
                                now.status(), now.summary(), now.phase(), now.blocker(), now.parent()));
            }
            return new StatusResult(AgentRow.load(tx.c, requireAgent(tx.c, space, name), tx.now), changed);
        });
    }

    /** Heartbeats are soft state: they move {@code last_seen_at} but journal nothing. */
    public AgentView heartbeat(SendHeartbeat p) {
        String space = Inputs.space(p.space());
        String name = Inputs.name("agent name", p.name());
        return ledger.write(tx -> {
            requireAgent(tx.c, space, name);
            try (PreparedStatement ps =
                    tx.c.prepareStatement("UPDATE agent SET last_seen_at = ? WHERE space = ? AND name = ?")) {
                ps.setLong(1, tx.nowMillis());
                bind(ps, 2, space, name);
                ps.executeUpdate();
            }
            return AgentRow.load(tx.c, requireAgent(tx.c, space, name), tx.now);
        });
    }

    public AgentView drain(DrainAgent p) {
        String space = Inputs.space(p.space());
        String name = Inputs.name("agent name", p.name());
        if (p.drain() == null) throw EngineException.invalid("drain is empty; use DRAIN or UNDRAIN");
        boolean drained = p.drain() == dev.dispatch.protocol.AgentOps.Drain.DRAIN;
        return ledger.write(tx -> {
            AgentRow row = requireAgent(tx.c, space, name);
            if (row.drained() != drained) {
                try (PreparedStatement ps =
                        tx.c.prepareStatement("UPDATE agent SET drained = ? WHERE space = ? AND name = ?")) {
                    ps.setBoolean(1, drained);
                    bind(ps, 2, space, name);
                    ps.executeUpdate();
                }
                tx.emit(space, name, drained ? new AgentOps.AgentDrained(name) : new AgentOps.AgentUndrained(name));
            }
            return AgentRow.load(tx.c, requireAgent(tx.c, space, name), tx.now);
        });
    }

    public RemoveResult remove(RemoveAgent p) {
        String space = Inputs.space(p.space());
        String name = Inputs.name("agent name", p.name());
        return ledger.write(tx -> {
            requireAgent(tx.c, space, name);
            int running = AgentRow.running(tx.c, space, name);
            if (running > 0) {
                throw EngineException.conflict("agent '" + name + "' holds " + running
                        + " claimed task(s); drain it and" + " let them finish (or fail them) before removing it");
            }
            List<String> children = AgentRow.children(tx.c, space, name);
            try (PreparedStatement ps =
                    tx.c.prepareStatement("UPDATE agent SET parent = NULL WHERE space = ? AND parent = ?")) {
                bind(ps, 1, space, name);
                ps.executeUpdate();
            }
            for (String sql : List.of(
                    "DELETE FROM agent_status_history WHERE space = ? AND name = ?",
                    "DELETE FROM agent WHERE space = ? AND name = ?")) {
                try (PreparedStatement ps = tx.c.prepareStatement(sql)) {
                    bind(ps, 1, space, name);
                    ps.executeUpdate();
                }
            }
            tx.emit(space, name, new AgentOps.AgentRemoved(name, children, null));
            return new RemoveResult(space, name, children);
        });
    }

    // ---- read API for other coord parts (messages, locks) and the daemon's authentication ----

    /** The agent whose token hashes to {@code tokenHash} (see {@link Ids#tokenHash}). */
    public Optional<AgentView> byTokenHash(String tokenHash) {
        return ledger.read((c, now) -> {
            Optional<AgentRow> row = AgentRow.byTokenHash(c, tokenHash);
            return row.isEmpty() ? Optional.<AgentView>empty() : Optional.of(AgentRow.load(c, row.get(), now));
        });
    }

    public boolean exists(String space, String name) {
        return ledger.read((c, now) -> AgentRow.find(c, space, name).isPresent());
    }

    public Optional<String> parentOf(String space, String name) {
        return ledger.read((c, now) -> AgentRow.find(c, space, name).map(AgentRow::parent));
    }

    public List<String> childrenOf(String space, String name) {
        return ledger.read((c, now) -> AgentRow.children(c, space, name));
    }

    public List<String> names(String space) {
        return ledger.read(
                (c, now) -> AgentRow.all(c, space).stream().map(AgentRow::name).toList());
    }

    static AgentRow requireAgent(Connection c, String space, String name) throws SQLException {
        return AgentRow.find(c, space, name)
                .orElseThrow(() -> EngineException.notFound("agent '" + name
                        + "' is not registered in space '" + space + "'; see 'dispatch agent list' or register it with"
                        + " 'dispatch agent register " + name + "'"));
    }

    private static Map<String, Integer> runningBy(Connection c, String space) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT holder, COUNT(*) FROM task WHERE space = ?"
                // a lower bound, not IS NOT NULL: H2 then starts the (space, holder) index past the NULLs
                + " AND holder >= '' GROUP BY holder")) {
            ps.setString(1, space);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    private static String pick(String given, String old) {
        return given != null ? given : old;
    }

    /** Binds string parameters at positions {@code first}, {@code first + 1}, … */
    private static void bind(PreparedStatement ps, int first, String... values) throws SQLException {
        for (int i = 0; i < values.length; i++) ps.setString(first + i, values[i]);
    }
}
