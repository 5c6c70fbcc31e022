package dev.dispatch.app;

import dev.dispatch.bus.Bus;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.Subscription;
import dev.dispatch.store.DiskFullException;
import dev.dispatch.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The engine hosted in this process: ops go to the router. Subscriptions come from the journal stream:
 * journaled events (seq &gt; 0) replay from {@code since} and follow live without gaps or duplicates;
 * transient events (seq 0: token deltas, tool output) pass straight through, live only. Closing the
 * engine closes the modules (running agents first), then the store.
 */
public final class LocalEngine implements Engine {
    private final Store store;
    private final OpRouter router;
    private final Bus<Event> bus;
    private final EventSource journal;
    private final List<AutoCloseable> modules;

    /** Opens a journal-backed subscription: replay from {@code since}, then live, gap-free. */
    @FunctionalInterface
    interface EventSource {
        Subscription open(EventFilter filter, Consumer<Event> sink);
    }

    LocalEngine(Store store, OpRouter router, Bus<Event> bus, EventSource journal, List<AutoCloseable> modules) {
        this.store = store;
        this.router = router;
        this.bus = bus;
        this.journal = journal;
        this.modules = new ArrayList<>(modules);
    }

    @Override
    public <R> R submit(Op<R> op) {
        try {
            return router.route(op);
        } catch (DiskFullException e) {
            throw new EngineException(ErrorCode.DISK_FULL, e.getMessage(), e);
        }
    }

    @Override
    public Subscription subscribe(EventFilter filter, Consumer<Event> sink) {
        return journal.open(filter, sink);
    }

    @Override
    public String describe() {
        return "in-process (" + store.dir() + ")";
    }

    @Override
    public void close() {
        for (int i = modules.size() - 1; i >= 0; i--) closeQuietly(modules.get(i));
        store.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best effort; the store close below is what must happen
        }
    }
}
