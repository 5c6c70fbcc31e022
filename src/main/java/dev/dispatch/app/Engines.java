package dev.dispatch.app;

import dev.dispatch.bus.Bus;
import dev.dispatch.config.Dirs;
import dev.dispatch.coord.SqlAgentDirectory;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.store.Store;
import java.util.List;
import java.util.Map;
import java.time.InstantSource;

/**
 * The composition root: builds an in-process engine by hand (no DI framework) from the store and
 * each domain module's handlers.
 */
public final class Engines {
    private Engines() {}

    public static Engine local(Dirs dirs) {
        return local(dirs, System.getenv());
    }

    public static Engine local(Dirs dirs, Map<String, String> env) {
        Store store = Store.open(dirs.data());
        Bus<Event> bus = new Bus<>();
        OpRouter router = new OpRouter();
        ShareModule.register(router, store, InstantSource.system(), new SqlAgentDirectory(store));
        AgentModule agents = new AgentModule(dirs, env, store, bus);
        agents.register(router);
        return new LocalEngine(store, router, bus, List.of(agents));
    }
}
