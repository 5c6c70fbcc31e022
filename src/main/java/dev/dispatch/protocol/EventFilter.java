package dev.dispatch.protocol;

import java.util.Set;

/**
 * Which events a subscriber wants: replay from {@code since} (exclusive), optionally narrowed by
 * space, event types and agent. Empty/null fields match everything.
 */
public record EventFilter(long since, String space, Set<String> types, String agent) {
    public static EventFilter all() {
        return new EventFilter(-1, null, Set.of(), null);
    }

    public static EventFilter live() {
        return new EventFilter(-1, null, Set.of(), null);
    }

    public boolean replays() {
        return since >= 0;
    }
}
