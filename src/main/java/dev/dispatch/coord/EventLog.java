package dev.dispatch.coord;

import dev.dispatch.protocol.CoordOps.EventsResult;
import dev.dispatch.protocol.CoordOps.ReadEvents;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.store.Dialect;
import dev.dispatch.store.Journal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reading the journal: pages after a sequence number in commit order, with an explicit {@code reset}
 * event when the reader asks for events that retention already dropped, and retention itself
 * (events older than the retention period are pruned, but never the newest {@code keepAtLeast}).
 */
public final class EventLog {
    private static final String PRUNED_KEY = "journal_pruned_through";
    private static final int PAGE = 500;

    private final Ledger ledger;

    EventLog(Ledger ledger) {
        this.ledger = ledger;
    }

    public EventsResult events(ReadEvents p) {
        if (p.since() < 0)
            throw EngineException.invalid("since " + p.since() + " is negative; use 0 to read from the start");
        String space = p.space() == null ? null : Inputs.space(p.space());
        Set<String> types = p.types() == null ? Set.of() : Set.copyOf(p.types());
        int limit = Inputs.range("limit", p.limit(), 1_000, 1, 100_000);
        return ledger.read((c, now) -> page(c, now, p.since(), space, types, null, limit));
    }

    /** Matching events after {@code since}; scans at most a few pages past filtered-out events. */
    static EventsResult page(
            Connection c, Instant now, long since, String space, Set<String> types, String agent, int limit)
            throws SQLException {
        List<JournalEvent> out = new ArrayList<>();
        long cursor = since;
        long pruned = prunedThrough(c);
        if (since < pruned) {
            out.add(new JournalEvent(pruned, space, null, now, new JournalEvent.Reset(since, pruned)));
            cursor = pruned;
        }
        for (int scanned = 0; out.size() < limit && scanned < 20 * PAGE; ) {
            List<Journal.Entry> entries = Journal.after(c, cursor, Math.min(PAGE, limit - out.size() + PAGE / 2));
            if (entries.isEmpty()) break;
            for (Journal.Entry e : entries) {
                cursor = e.seq();
                scanned++;
                // the engine's news (no space: key switches, reloads) belongs to every space's view
                if (space != null && e.space() != null && !space.equals(e.space())) continue;
                if (!types.isEmpty() && !types.contains(e.type())) continue;
                if (agent != null && !agent.equals(e.agent())) continue;
                out.add(toEvent(e));
                if (out.size() >= limit) break;
            }
        }
        return new EventsResult(out, cursor);
    }

    /** Drops events older than {@code retention}, keeping at least the newest {@code keepAtLeast}. */
    public int prune(Duration retention, long keepAtLeast) {
        // a cheap read first: most opens have nothing to prune and should not pay for a commit
        boolean due = ledger.read((c, now) -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM journal WHERE at < ? AND seq <="
                    + " (SELECT COALESCE(MAX(seq), 0) FROM journal) - ? LIMIT 1")) {
                ps.setTimestamp(1, java.sql.Timestamp.from(now.minus(retention)));
                ps.setLong(2, keepAtLeast);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
        if (!due) return 0;
        return ledger.write(tx -> {
            Instant keepAfter = tx.now.minus(retention);
            long cutoff;
            try (PreparedStatement ps = tx.c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM journal WHERE at < ?"
                    + " AND seq <= (SELECT COALESCE(MAX(seq), 0) FROM journal) - ?")) {
                ps.setTimestamp(1, java.sql.Timestamp.from(keepAfter));
                ps.setLong(2, keepAtLeast);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    cutoff = rs.getLong(1);
                }
            }
            if (cutoff == 0) return 0;
            int n = Journal.prune(tx.c, keepAfter, keepAtLeast);
            try (PreparedStatement ps = tx.c.prepareStatement(
                    Dialect.of(tx.c).upsert("store_meta", List.of("meta_key", "meta_value"), List.of("meta_key")))) {
                ps.setString(1, PRUNED_KEY);
                ps.setString(2, Long.toString(cutoff));
                ps.executeUpdate();
            }
            return n;
        });
    }

    /** The newest sequence number committed so far (0 when the journal is empty). */
    long newest() {
        return ledger.read((c, now) -> Math.max(Journal.newest(c), prunedThrough(c)));
    }

    static long prunedThrough(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT meta_value FROM store_meta WHERE meta_key = ?")) {
            ps.setString(1, PRUNED_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Long.parseLong(rs.getString(1)) : 0;
            }
        }
    }

    /** A journal row as faces see it: its payload decoded once, here. */
    static JournalEvent toEvent(Journal.Entry e) {
        return new JournalEvent(e.seq(), e.space(), e.agent(), e.at(), JournalEvent.decode(e.type(), e.data()));
    }
}
