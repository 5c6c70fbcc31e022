package dev.dispatch.coord;

import dev.dispatch.protocol.CoordOps.ShowQueueStats;
import dev.dispatch.protocol.CoordOps.StatsResult;
import dev.dispatch.protocol.TaskOps;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeMap;

/** {@code dispatch stats}: queue depth per queue and status, in flight, dead, wait/run times, agent liveness. */
public final class QueueStats {
    private final Ledger ledger;

    QueueStats(Ledger ledger) {
        this.ledger = ledger;
    }

    public StatsResult stats(ShowQueueStats p) {
        String space = Inputs.space(p.space());
        return ledger.read((c, now) -> {
            Map<String, Map<String, Long>> queues = new TreeMap<>();
            long inFlight = 0;
            long dead = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT queue, status, COUNT(*) FROM task WHERE space = ? GROUP BY queue, status")) {
                ps.setString(1, space);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long n = rs.getLong(3);
                        queues.computeIfAbsent(rs.getString(1), q -> new TreeMap<>())
                                .put(rs.getString(2), n);
                        if (TaskOps.Status.claimed.name().equals(rs.getString(2))) inFlight += n;
                        if (TaskOps.Status.dead.name().equals(rs.getString(2))) dead += n;
                    }
                }
            }
            Double wait = null;
            Double run = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT AVG(CAST(claimed_at - created_at AS DOUBLE PRECISION)),"
                            + " AVG(CAST(finished_at - claimed_at AS DOUBLE PRECISION)) FROM task WHERE space = ? AND status = 'done'")) {
                ps.setString(1, space);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    wait = rs.getObject(1) == null ? null : ((Number) rs.getObject(1)).doubleValue();
                    run = rs.getObject(2) == null ? null : ((Number) rs.getObject(2)).doubleValue();
                }
            }
            Map<String, Long> agents = new TreeMap<>(Map.of("live", 0L, "stale", 0L, "drained", 0L));
            for (AgentRow a : AgentRow.all(c, space)) {
                agents.merge(a.liveness(now), 1L, Long::sum);
                if (a.drained()) agents.merge("drained", 1L, Long::sum);
            }
            return new StatsResult(space, queues, inFlight, dead, wait, run, agents);
        });
    }
}
