package dev.dispatch.agent;

import java.time.Duration;
import java.util.List;

/**
 * Where an agent's model calls may go: the candidate routes, best first (the wanted model's keys by
 * priority, then the fallback models'), read afresh for each call so an edited config applies to new
 * calls while running ones finish with what they had.
 */
public interface Routing {
    /** The candidates now, best first; empty when nothing is configured that could serve. */
    List<Route> routes();

    /** How often an agent with no usable key looks again. */
    Duration pollInterval();

    /** How long a key rests after a 429/5xx that named no retry-after. */
    Duration cooldown();

    /** The user config file, as messages about keys should name it (the real one where known). */
    default String userConfig() {
        return dev.dispatch.config.ConfigLoader.USER_FILE_IN_MESSAGES;
    }
}
