package dev.dispatch.app;

import dev.dispatch.bus.Bus;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.JournalEntry;
import dev.dispatch.protocol.JournalReader;
import dev.dispatch.protocol.Subscription;
import dev.dispatch.store.Journal;
import dev.dispatch.store.Store;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The engine a long-lived owner (the daemon) hosts, plus what only the owner needs: the journal its
 * event streams replay from, and the lookup from an agent token to the agent it was minted for.
 * Closing it closes the engine and with it the store. Built by {@link Engines#host}.
 */
public final class EngineHost implements AutoCloseable {
    /** A registered agent, as a token identifies it. */
    public record Agent(String space, String name) {}

    private final Engine engine;
    private final JournalReader journal;
    private final Function<String, Optional<Agent>> tokens;
    private final Bus<Event> bus;
    private final Store store;

    EngineHost(Engine engine, Store store, Function<String, Optional<Agent>> tokens, Bus<Event> bus) {
        this.engine = engine;
        this.store = store;
        this.journal = new StoreJournal(store);
        this.tokens = tokens;
        this.bus = bus;
    }

    public Engine engine() {
        return engine;
    }

    public JournalReader journal() {
        return journal;
    }

    /**
     * Every event as the engine publishes it, straight from its bus: journal events after their commit
     * (with their seq, for waking a reader of the journal) and transient ones. Unlike
     * {@link Engine#subscribe} it reads nothing back from the store, so an owner that tails the journal
     * itself (the daemon's SSE hub) does not pay for a second read and parse of every event.
     */
    public Subscription live(Consumer<Event> sink) {
        AutoCloseable handle = bus.subscribe(e -> true, sink);
        return () -> {
            try {
                handle.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot unsubscribe from the engine's bus", e);
            }
        };
    }

    /** Why the store cannot write right now (a full disk), for health reports; {@code null} when it can. */
    public String storeTrouble() {
        return store.trouble();
    }

    /** The agent {@code token} was minted for (only its hash is stored), or empty. */
    public Optional<Agent> agentForToken(String token) {
        return tokens.apply(token);
    }

    @Override
    public void close() {
        engine.close();
    }

    /** Journal reads through the owner's store (committed state only). */
    private record StoreJournal(Store store) implements JournalReader {
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
        public Set<String> spaces() {
            return store.read(c -> {
                Set<String> out = new TreeSet<>();
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT DISTINCT space FROM journal WHERE space IS NOT NULL")) {
                    while (rs.next()) out.add(rs.getString(1));
                }
                return out;
            });
        }
    }
}
