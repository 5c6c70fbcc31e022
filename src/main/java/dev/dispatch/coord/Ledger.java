package dev.dispatch.coord;

import dev.dispatch.bus.Bus;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.JournalPayload;
import dev.dispatch.protocol.Json;
import dev.dispatch.store.Journal;
import dev.dispatch.store.JournalListener;
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
 *
 * <p>On a PostgreSQL store other daemons commit too: a {@link JournalListener} wakes this ledger on their
 * commits, and it publishes their journal events to the bus in sequence order (its own it has published
 * already, right after its commit), so the in-process streams, the TUI and the SSE hub hear of them at once.
 */
final class Ledger {
    private final Store store;
    private final Bus<Event> bus;
    private final InstantSource clock;
    /** Sequence numbers this ledger emitted that the remote follower has not passed yet (PostgreSQL only). */
    private final java.util.Set<Long> local = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private volatile boolean shared;
    private long remoteCursor;

    Ledger(Store store, Bus<Event> bus, InstantSource clock) {
        this.store = store;
        this.bus = bus;
        this.clock = clock;
    }

    /** On a shared (PostgreSQL) store: follows other daemons' commits until the store closes. */
    void followOthers() {
        synchronized (this) {
            remoteCursor = store.read(Journal::newest);
        }
        // set first: a write racing the listener's start must already mark its own numbers
        shared = store.database() != null;
        JournalListener.start(store, this::catchUp);
    }

    /** Publishes the journal events committed since the last call that this ledger did not write itself. */
    private synchronized void catchUp() {
        while (true) {
            long from = remoteCursor;
            List<Journal.Entry> page = store.read(c -> Journal.after(c, from, 500));
            for (Journal.Entry e : page) {
                remoteCursor = e.seq();
                if (!local.remove(e.seq())) bus.publish(EventLog.toEvent(e));
            }
            if (page.size() < 500) return;
        }
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
            return work.run(new Tx(c, clock.instant().truncatedTo(ChronoUnit.MILLIS), emitted, shared ? local : null));
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
        private final java.util.Set<Long> local;

        Tx(Connection c, Instant now, List<JournalEvent> emitted, java.util.Set<Long> local) {
            this.c = c;
            this.now = now;
            this.emitted = emitted;
            this.local = local;
        }

        long nowMillis() {
            return now.toEpochMilli();
        }

        /**
         * Appends a journal event in this transaction; its type is the payload's name and its JSON the
         * payload's. The event reaches subscribers once the transaction commits (see {@link Ledger#write}).
         */
        void emit(String space, String agent, JournalPayload payload) throws SQLException {
            String json;
            try {
                json = Json.mapper().writeValueAsString(payload);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot write the " + payload.type() + " event as JSON", e);
            }
            long seq = Journal.append(c, space, payload.type(), agent, json, now);
            // marked before the commit, so the remote follower never publishes it a second time (a rolled-back
            // number stays in the set; numbers are never handed out again)
            if (local != null) local.add(seq);
            emitted.add(new JournalEvent(seq, space, agent, now, payload));
        }
    }
}
