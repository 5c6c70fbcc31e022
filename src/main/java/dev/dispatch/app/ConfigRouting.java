package dev.dispatch.app;

import dev.dispatch.agent.Route;
import dev.dispatch.agent.Routing;
import dev.dispatch.config.LiveConfig;
import dev.dispatch.protocol.EngineException;
import java.time.Duration;
import java.util.List;

/**
 * An agent's routing read from the project's live config on every call, so a reloaded config (new
 * keys, budgets, fallback) applies to the agent's next call. A request the new config can no longer
 * serve (its model was removed) has no routes, and the gateway reports that.
 */
final class ConfigRouting implements Routing {
    private final LiveConfig live;
    private final ModelCatalog catalog;
    private final String model;
    private final String tag;

    ConfigRouting(LiveConfig live, ModelCatalog catalog, String model, String tag) {
        this.live = live;
        this.catalog = catalog;
        this.model = model;
        this.tag = tag;
    }

    @Override
    public List<Route> routes() {
        try {
            return catalog.routes(live.current(), model, tag);
        } catch (EngineException gone) {
            return List.of();
        }
    }

    @Override
    public Duration pollInterval() {
        return live.current().budgetPollInterval();
    }

    @Override
    public Duration cooldown() {
        return live.current().keyCooldown();
    }

    @Override
    public String userConfig() {
        return dev.dispatch.config.Dirs.resolve(catalog.env()).userConfigFile().toString();
    }
}
