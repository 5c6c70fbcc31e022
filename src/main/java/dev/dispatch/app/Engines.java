package dev.dispatch.app;

import dev.dispatch.bus.Bus;
import dev.dispatch.config.Dirs;
import dev.dispatch.coord.Coord;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.store.Store;

/**
 * The composition root: builds an in-process engine by hand (no DI framework) from the store and
 * each domain module's handlers.
 */
public final class Engines {
    private Engines() {}

    public static Engine local(Dirs dirs) {
        return local(dirs, Coord.Settings.defaults());
    }

    /** An in-process engine with explicit coord settings (tests inject a clock and backoff here). */
    public static Engine local(Dirs dirs, Coord.Settings coordSettings) {
        Store store = Store.open(dirs.data());
        Bus<Event> bus = new Bus<>();
        OpRouter router = new OpRouter();
        Coord coord = new Coord(store, bus, coordSettings);
        CoordModule.register(router, coord);
        return new LocalEngine(store, router, bus, coord::subscribe);
    }
}
