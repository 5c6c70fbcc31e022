package dev.dispatch.coord;

import dev.dispatch.protocol.TaskOps;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies time by the engine's clock: claimed tasks whose lease expired go back to the queue with the
 * next attempt (or to {@code dead} when attempts are used up), and waiting tasks whose backoff ended
 * become ready. It runs before listings, and inside claim and lease writes at most every
 * {@link #INTERVAL_MS} of engine time after a sweep that found nothing due: a claim that finds no work,
 * or an agent at its limit, sweeps at once. A holder's lease is checked against its expiry where it is
 * used (complete, fail, progress), so fencing never waits for a sweep.
 */
final class Sweeper {
    private static final int BATCH = 100;

    /**
     * How late a claim that finds other ready work may see a lease that ran out or a backoff that ended
     * (RELIABILITY.md: an abandoned task is free within lease + sweep interval). Two indexed reads per
     * claim and per completion were a measurable part of the single writer's time.
     */
    static final long INTERVAL_MS = 250;

    private static final long NEVER = Long.MIN_VALUE;

    /*
     * The lower bounds keep these range reads short: lease_expires_at and not_before are indexed alone and
     * NULL (no lease, no backoff: almost every task) sorts first, so "<= now" on its own walks every task.
     */
    private static final String EXPIRED = "lease_expires_at BETWEEN 0 AND ?";
    private static final String BACKOFF_OVER = "not_before BETWEEN 0 AND ?";

    private final Ledger ledger;

    /** Engine time of the last sweep that found nothing due; only such a sweep may excuse the next ones. */
    private volatile long quietAt = NEVER;

    Sweeper(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Sweeps in its own write, only when something is due (a cheap indexed read decides). */
    void sweepNow() {
        boolean due = ledger.read((c, now) -> {
            // two queries, not one with OR: each can then use its own index
            for (String sql : List.of(
                    "SELECT 1 FROM task WHERE status = 'claimed' AND " + EXPIRED + " LIMIT 1",
                    "SELECT 1 FROM task WHERE status = 'waiting' AND " + BACKOFF_OVER + " LIMIT 1")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, now.toEpochMilli());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) return true;
                    }
                }
            }
            // committed state had nothing due at this instant: as good as a sweep that found nothing
            quietAt = now.toEpochMilli();
            return false;
        });
        if (due)
            ledger.write(tx -> {
                sweep(tx);
                return null;
            });
    }

    /** Whether a write has swept already (so a second sweep in it would find nothing new). */
    enum Pass {
        SWEPT,
        SKIPPED
    }

    /** Sweeps unless a sweep found nothing due less than {@link #INTERVAL_MS} ago. */
    Pass sweepIfDue(Ledger.Tx tx) throws SQLException {
        long now = tx.nowMillis();
        long quiet = quietAt;
        // a clock that went back (tests set it) makes the last quiet sweep meaningless
        if (quiet != NEVER && now >= quiet && now - quiet < INTERVAL_MS) return Pass.SKIPPED;
        sweep(tx);
        return Pass.SWEPT;
    }

    void sweep(Ledger.Tx tx) throws SQLException {
        int changed = rescueExpired(tx) + endBackoff(tx);
        // what a sweep changed may still be rolled back with its write, so it excuses nothing
        quietAt = changed == 0 ? tx.nowMillis() : NEVER;
    }

    private int rescueExpired(Ledger.Tx tx) throws SQLException {
        List<TaskRow> expired = TaskRow.query(
                tx.c,
                "SELECT " + TaskRow.COLUMNS + " FROM task WHERE status = 'claimed'" + " AND " + EXPIRED
                        + " ORDER BY lease_expires_at LIMIT " + BATCH,
                tx.nowMillis());
        return rescue(
                tx,
                expired,
                t -> "lease " + t.lease() + " of " + t.assignee() + " expired (attempt " + t.attempt() + ")");
    }

    /**
     * Gives back every task {@code agent} holds, as a rescue after an expired lease would (the attempt
     * counts; dead once attempts are used up): the agent ended ({@code why}) and will never complete them.
     */
    int rescueHeldBy(Ledger.Tx tx, String space, String agent, String why) throws SQLException {
        List<TaskRow> held = TaskRow.query(
                tx.c, "SELECT " + TaskRow.COLUMNS + " FROM task WHERE space = ? AND holder = ?", space, agent);
        return rescue(tx, held, t -> "agent " + agent + " " + why + " while holding it (attempt " + t.attempt() + ")");
    }

    private int rescue(Ledger.Tx tx, List<TaskRow> tasks, java.util.function.Function<TaskRow, String> reason)
            throws SQLException {
        int n = 0;
        for (TaskRow t : tasks) {
            boolean dead = t.attempt() >= t.maxAttempts();
            String error = reason.apply(t);
            try (PreparedStatement ps = tx.c.prepareStatement("UPDATE task SET status = ?, lease = NULL,"
                    + " lease_expires_at = NULL, last_error = ?, finished_at = ?, version = version + 1"
                    + " WHERE id = ? AND status = 'claimed' AND lease = ?")) {
                ps.setString(1, (dead ? TaskOps.Status.dead : TaskOps.Status.ready).name());
                ps.setString(2, error);
                if (dead) ps.setLong(3, tx.nowMillis());
                else ps.setObject(3, null);
                ps.setString(4, t.id());
                ps.setString(5, t.lease());
                if (ps.executeUpdate() != 1) continue;
            }
            n++;
            TaskRow.history(tx.c, t.id(), tx.now, "rescued", t.attempt(), t.assignee(), error);
            tx.emit(t.space(), t.assignee(), new TaskOps.TaskRescued(t.id(), t.attempt(), t.assignee()));
            if (dead) {
                TaskRow.history(
                        tx.c,
                        t.id(),
                        tx.now,
                        "dead",
                        t.attempt(),
                        t.assignee(),
                        "max attempts (" + t.maxAttempts() + ") used");
                tx.emit(t.space(), t.assignee(), new TaskOps.TaskDead(t.id(), t.attempt()));
                Locks.releaseForTask(tx, t.space(), t.id());
            }
        }
        return n;
    }

    private int endBackoff(Ledger.Tx tx) throws SQLException {
        List<String[]> due = new ArrayList<>();
        try (PreparedStatement ps = tx.c.prepareStatement("SELECT id, space FROM task WHERE status = 'waiting'"
                + " AND " + BACKOFF_OVER + " ORDER BY not_before LIMIT " + BATCH)) {
            ps.setLong(1, tx.nowMillis());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) due.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        int n = 0;
        for (String[] d : due) {
            try (PreparedStatement ps = tx.c.prepareStatement("UPDATE task SET status = 'ready', not_before = NULL,"
                    + " version = version + 1 WHERE id = ? AND status = 'waiting'")) {
                ps.setString(1, d[0]);
                if (ps.executeUpdate() != 1) continue;
            }
            n++;
            tx.emit(d[1], null, new TaskOps.TaskReady(d[0], "backoff elapsed"));
        }
        return n;
    }
}
