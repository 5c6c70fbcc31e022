package dev.dispatch.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files Dispatch's own agents changed outside any worktree (write_file, edit_file, reported by
 * {@code tool/ReservationHook}), by space: an agent's edit of a path counts as its change for
 * {@link #TTL} after its last write, so two agents working on one file in one checkout, or one beside an
 * external agent's worktree, meet in {@link Overlaps}. Held by the owner in memory: a restart forgets
 * them, as it ends the agents that made them.
 */
final class Edits {
    static final Duration TTL = Duration.ofHours(1);

    private record Edit(String space, String agent, String path, Instant at) {}

    private final Map<String, Edit> edits = new ConcurrentHashMap<>();

    void add(String space, String agent, String path, Instant at) {
        edits.put(space + "\0" + agent + "\0" + path, new Edit(space, agent, path, at));
    }

    /** Agent → paths it changed in {@code space} within the last {@link #TTL}; older edits are dropped. */
    Map<String, List<String>> changes(String space, Instant now) {
        edits.values().removeIf(e -> e.at().plus(TTL).isBefore(now));
        Map<String, List<String>> out = new TreeMap<>();
        for (Edit e : edits.values())
            if (e.space().equals(space))
                out.computeIfAbsent(e.agent(), k -> new ArrayList<>()).add(e.path());
        return out;
    }

    Set<String> spaces() {
        Set<String> out = new TreeSet<>();
        for (Edit e : edits.values()) out.add(e.space());
        return out;
    }
}
