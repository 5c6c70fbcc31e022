package dev.dispatch.app;

import dev.dispatch.bus.Bus;
import dev.dispatch.config.Dirs;
import dev.dispatch.coord.SqlAgentDirectory;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.store.Store;
import java.time.InstantSource;

/**
 * The composition root: builds an in-process engine by hand (no DI framework) from the store and
 * each domain module's handlers.
 */
public final class Engines {
    private Engines() {}

    public static Engine local(Dirs dirs) {
        Store store = Store.open(dirs.data());
        Bus<Event> bus = new Bus<>();
        OpRouter router = new OpRouter();
        ShareModule.register(router, store, InstantSource.system(), new SqlAgentDirectory(store));
        return new LocalEngine(store, router, bus);
    }
}
