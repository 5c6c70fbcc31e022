package dev.dispatch.app;

import dev.dispatch.bus.Bus;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.Subscription;
import dev.dispatch.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The engine hosted in this process: ops go to the router, events come from the bus. Closing it
 * closes the modules (running agents first) and then the store.
 */
public final class LocalEngine implements Engine {
    private final Store store;
    private final OpRouter router;
    private final Bus<Event> bus;
    private final List<AutoCloseable> modules;

    LocalEngine(Store store, OpRouter router, Bus<Event> bus, List<AutoCloseable> modules) {
        this.store = store;
        this.router = router;
        this.bus = bus;
        this.modules = new ArrayList<>(modules);
    }

    @Override
    public <R> R submit(Op<R> op) {
        return router.route(op);
    }

    @Override
    public Subscription subscribe(EventFilter filter, Consumer<Event> sink) {
        AutoCloseable handle = bus.subscribe(e -> matches(filter, e), sink);
        return () -> closeQuietly(handle);
    }

    private static boolean matches(EventFilter f, Event e) {
        return f.types() == null || f.types().isEmpty() || f.types().contains(e.type());
    }

    /** The store this engine owns; the daemon's journal reader shares it ({@link EngineHost}). */
    Store store() {
        return store;
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
