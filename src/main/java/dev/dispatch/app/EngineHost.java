package dev.dispatch.app;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.JournalEntry;
import dev.dispatch.protocol.JournalReader;
import dev.dispatch.store.Journal;
import dev.dispatch.store.Store;
import dev.dispatch.store.StoreOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * The engine a long-lived owner (the daemon) hosts, plus the journal read side its event streams
 * replay from. Closing it closes the engine and with it the store.
 */
public final class EngineHost implements AutoCloseable {
    private final Engine engine;
    private final JournalReader journal;

    private EngineHost(Engine engine, JournalReader journal) {
        this.engine = engine;
        this.journal = journal;
    }

    /**
     * Opens the store in {@code dirs} as its long-lived owner and wires the engine; a second owner is
     * refused with this one's pid and {@code socket}.
     */
    public static EngineHost open(Dirs dirs, Path socket) {
        LocalEngine engine = (LocalEngine) Engines.local(dirs, System.getenv(), StoreOptions.owner("daemon", socket));
        return new EngineHost(engine, new StoreJournal(engine.store()));
    }

    public Engine engine() {
        return engine;
    }

    public JournalReader journal() {
        return journal;
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
    }
}
