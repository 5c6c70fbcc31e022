package dev.dispatch.coord;

import dev.dispatch.bus.Bus;
import dev.dispatch.store.Journal;
import dev.dispatch.store.Store;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real store in a temp dir with locks, messages, knowledge and approvals over it (one ledger), a hand-moved clock and an in-memory
 * agent directory: space "proj" has lead → (a, b), and "other" has x.
 */
final class LedgerFixture implements AutoCloseable {
    static final String SPACE = "proj";
    final Store store;
    final TestClock clock = new TestClock();
    final InMemoryAgents agents = new InMemoryAgents()
            .add(SPACE, "lead", null)
            .add(SPACE, "a", "lead")
            .add(SPACE, "b", "lead")
            .add("other", "x", null);
    final Ledger ledger;
    final Locks locks;
    final Messages messages;
    final Knowledge knowledge;
    final Approvals approvals;

    LedgerFixture(Path dir) {
        store = dev.dispatch.store.TestStores.open(dir);
        ledger = new Ledger(store, new Bus<>(), clock);
        locks = new Locks(ledger, agents);
        messages = new Messages(ledger, agents);
        knowledge = new Knowledge(ledger, agents);
        approvals = new Approvals(ledger, agents);
    }

    /** Row counts of every lock, message, knowledge and approval table plus the journal, to prove a rejected call changed nothing. */
    Map<String, Object> snapshot() {
        return store.read(c -> {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String t : List.of(
                    "lock_grant",
                    "lock_pattern",
                    "message",
                    "inbox",
                    "kb_version",
                    "text_doc",
                    "text_term",
                    "approval",
                    "journal")) {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t)) {
                    rs.next();
                    out.put(t, rs.getLong(1));
                }
            }
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT id, state, expires_at FROM lock_grant ORDER BY id")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) rows.add(rs.getString(1) + rs.getString(2) + rs.getString(3));
                out.put("locks", rows);
            }
            try (Statement st = c.createStatement();
                    ResultSet rs =
                            st.executeQuery("SELECT agent, seq, read_at, acked_at FROM inbox ORDER BY agent, seq")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) rows.add(rs.getString(1) + rs.getLong(2) + rs.getString(3) + rs.getString(4));
                out.put("inboxRows", rows);
            }
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT id, state, decision FROM approval ORDER BY id")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) rows.add(rs.getString(1) + rs.getString(2) + rs.getString(3));
                out.put("approvals", rows);
            }
            return out;
        });
    }

    List<Journal.Entry> journal() {
        return store.read(c -> Journal.after(c, 0, 100_000));
    }

    List<String> journalTypes() {
        return journal().stream().map(Journal.Entry::type).toList();
    }

    @Override
    public void close() {
        store.close();
    }
}
