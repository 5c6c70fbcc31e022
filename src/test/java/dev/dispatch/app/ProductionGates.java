package dev.dispatch.app;

import dev.dispatch.agent.GateFactory;
import dev.dispatch.bus.Bus;
import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.Dirs;
import dev.dispatch.permission.Mode;
import dev.dispatch.protocol.Event;
import dev.dispatch.store.Store;
import java.util.Map;

/**
 * The permission gates the engine gives its agents (a {@link dev.dispatch.permission.PolicyGate} from
 * the project's config, with every decision committed to the store's permission log), built through
 * the engine's own {@link PermissionModule} for benchmarks in other packages that must pay what a real
 * agent pays for {@code ctx.ask}. Test tree only: the module stays package-private.
 */
public final class ProductionGates {
    private ProductionGates() {}

    /** Gates for agents of a user whose directories are {@code dirs}, in permission mode ask. */
    public static GateFactory of(Dirs dirs, Map<String, String> env, Store store, Bus<Event> bus) {
        PermissionModule module = new PermissionModule(dirs, env, store, bus);
        return (agentId, parentAgentId, root) ->
                module.gate(agentId, parentAgentId, root, new ConfigLoader(dirs, env, root).load(), Mode.ASK);
    }
}
