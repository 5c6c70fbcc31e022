package dev.dispatch.config;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The config a long-lived engine runs with. {@link #reload} loads afresh and swaps the snapshot only
 * when the new one is valid: a bad edit keeps the last good config and returns the problems to report.
 */
public final class LiveConfig {
    private final ConfigLoader loader;
    private final AtomicReference<Config> current;

    /** Loads once; throws {@link ConfigException} when there is no good config to start from. */
    public LiveConfig(ConfigLoader loader) {
        this.loader = loader;
        this.current = new AtomicReference<>(loader.load());
    }

    public Config current() {
        return current.get();
    }

    /** Empty when the new config is now current; otherwise the problems, and the old config stays. */
    public List<ConfigProblem> reload() {
        try {
            current.set(loader.load());
            return List.of();
        } catch (ConfigException e) {
            return e.problems();
        }
    }
}
