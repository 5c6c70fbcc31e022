package dev.dispatch.coord;

import dev.dispatch.bus.Bus;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.Json;
import dev.dispatch.store.Journal;
import dev.dispatch.store.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The one write path of coord: every change (tasks, agents, locks, messages, knowledge, approvals) and
 * the journal events it emits commit in one store transaction, and the events are published to the
 * in-process bus right after that commit, so a subscriber sees them at once (ArchitectureTest keeps
 * every journal append and store write in coord here). Time inside a write is
 * read once from the engine's clock, so every row and event of a change carries the same instant.
 */
final class Ledger {
    private final Store store;
    private final Bus<Event> bus;
    private final InstantSource clock;

    Ledger(Store store, Bus<Event> bus, InstantSource clock) {
        this.store = store;
        this.bus = bus;
        this.clock = clock;
    }

    interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    interface Read<T> {
        T run(Connection c, Instant now) throws SQLException;
    }

    <T> T write(Work<T> work) {
        List<JournalEvent> emitted = new ArrayList<>();
        T result = store.write(c -> {
            // the store may run the work again (e.g. after a retried commit): start clean each time
            emitted.clear();
            // one instant per change, at the millisecond the rows and the journal keep
            return work.run(new Tx(c, clock.instant().truncatedTo(ChronoUnit.MILLIS), emitted));
        });
        for (JournalEvent e : emitted) bus.publish(e);
        return result;
    }

    <T> T read(Read<T> work) {
        return store.read(c -> work.run(c, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
    }

    /** One write transaction: its connection, its instant and the events it has emitted so far. */
    static final class Tx {
        final Connection c;
        final Instant now;
        private final List<JournalEvent> emitted;

        Tx(Connection c, Instant now, List<JournalEvent> emitted) {
            this.c = c;
            this.now = now;
            this.emitted = emitted;
        }

        long nowMillis() {
            return now.toEpochMilli();
        }

        /**
         * Appends a journal event in this transaction; {@code data} becomes its JSON payload. The event
         * reaches subscribers once the transaction commits (see {@link Ledger#write}).
         */
        void emit(String type, String space, String agent, Object data) throws SQLException {
            var node = Json.mapper().valueToTree(data);
            long seq = Journal.append(c, space, type, agent, node.toString(), now);
            emitted.add(new JournalEvent(seq, type, space, agent, now, node));
        }
    }
}
