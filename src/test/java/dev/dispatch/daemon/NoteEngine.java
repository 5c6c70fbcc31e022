package dev.dispatch.daemon;

import dev.dispatch.bus.Bus;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.JournalEntry;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.JournalReader;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.Subscription;
import dev.dispatch.store.Journal;
import dev.dispatch.store.Store;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A small real engine for daemon tests: a real H2 store, notes written with their journal event in
 * one transaction, published on a bus after commit. It lets the daemon's transport, auth and SSE be
 * proven independently of the coordination module.
 */
final class NoteEngine implements Engine, JournalReader {
    private final Store store;
    private final Bus<Event> bus = new Bus<>();

    NoteEngine(Path dataDir) {
        this.store = Store.open(dataDir);
        store.write(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS notes(id VARCHAR PRIMARY KEY, space VARCHAR, agent VARCHAR,"
                        + " text VARCHAR)");
            }
            return null;
        });
    }

    Backend backend(AgentTokens tokens) {
        return new Backend(this, this, tokens, NoteOps.ROUTES);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> R submit(Op<R> op) {
        return (R)
                switch (op) {
                    case NoteOps.Add a -> add(a);
                    case NoteOps.Get g -> get(g.id());
                    case NoteOps.ListNotes l -> list(l);
                    default ->
                        throw new EngineException(dev.dispatch.protocol.ErrorCode.INTERNAL, "no handler for " + op);
                };
    }

    private NoteOps.Added add(NoteOps.Add a) {
        if (a.text() == null || a.text().isBlank()) throw EngineException.invalid("note text is empty; pass text");
        String id = "note_" + java.util.UUID.randomUUID().toString().substring(0, 12);
        Instant at = Instant.now();
        String json = Json.mapper()
                .createObjectNode()
                .put("id", id)
                .put("text", a.text())
                .toString();
        long seq = store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO notes VALUES (?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, a.space());
                ps.setString(3, a.agent());
                ps.setString(4, a.text());
                ps.executeUpdate();
            }
            return Journal.append(c, a.space(), "NoteAdded", a.agent(), json, at);
        });
        // a journal type this version does not know: faces get it as it came
        bus.publish(new JournalEvent(
                seq,
                a.space(),
                a.agent(),
                at,
                new JournalEvent.Unknown(
                        "NoteAdded", Json.mapper().valueToTree(java.util.Map.of("id", id, "text", a.text())))));
        return new NoteOps.Added(id, seq);
    }

    private NoteOps.Note get(String id) {
        NoteOps.Note n = store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, space, agent, text FROM notes WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? new NoteOps.Note(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))
                            : null;
                }
            }
        });
        if (n == null) throw EngineException.notFound("no note '" + id + "'; list them with GET /v1/notes");
        return n;
    }

    NoteOps.Notes list(NoteOps.ListNotes l) {
        return new NoteOps.Notes(store.read(c -> {
            List<NoteOps.Note> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT id, space, agent, text FROM notes ORDER BY id")) {
                while (rs.next()) {
                    NoteOps.Note n =
                            new NoteOps.Note(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
                    boolean spaceOk = l.space() == null || l.space().equals(n.space());
                    boolean agentOk = l.agents() == null
                            || l.agents().isEmpty()
                            || l.agents().contains(n.agent());
                    if (spaceOk && agentOk) out.add(n);
                }
            }
            return out;
        }));
    }

    /** Deletes journal rows up to {@code seq} (what retention does), so older ids get a reset. */
    void pruneThrough(long seq) {
        store.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM journal WHERE seq <= ?")) {
                ps.setLong(1, seq);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Subscription subscribe(EventFilter filter, Consumer<Event> sink) {
        AutoCloseable h = bus.subscribe(e -> true, sink);
        return () -> {
            try {
                h.close();
            } catch (Exception ignored) {
                // removing a subscriber cannot fail
            }
        };
    }

    @Override
    public List<JournalEntry> after(long since, int limit) {
        return store.read(c -> Journal.after(c, since, limit).stream()
                .map(e -> new JournalEntry(e.seq(), e.at(), e.space(), e.type(), e.agent(), e.data()))
                .toList());
    }

    @Override
    public long oldest() {
        return store.read(Journal::oldest);
    }

    @Override
    public long newest() {
        return store.read(Journal::newest);
    }

    @Override
    public java.util.Set<String> spaces() {
        return new java.util.TreeSet<>(list(new NoteOps.ListNotes(null, null)).notes().stream()
                .map(NoteOps.Note::space)
                .toList());
    }

    @Override
    public String describe() {
        return "notes (" + store.dir() + ")";
    }

    @Override
    public void close() {
        store.close();
    }
}
