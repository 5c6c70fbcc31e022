package dev.dispatch.fleet;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.FleetOps.Conflict;
import dev.dispatch.protocol.LockOps;
import dev.dispatch.worktree.Worktrees;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds file-overlap conflicts before merge time: a path two agents both change ({@code both-changed}):
 * external agents' worktrees against their bases, Dispatch's own agents' edits outside worktrees
 * ({@link Edits}); and a path an agent changes while another agent holds a lock covering it
 * ({@code locked-by-other}). Paths are relative to the repository root, as locks name them.
 */
final class Overlaps {
    static final String BOTH = "both-changed";
    static final String LOCKED = "locked-by-other";

    private Overlaps() {}

    static List<Conflict> find(Fleet fleet, String space) {
        Map<String, List<String>> changes = new TreeMap<>(); // agent → paths it changed
        for (ExternalRecord r : fleet.records()) {
            if (!space.equals(r.space()) || r.worktree() == null) continue;
            try {
                changes.put(r.name(), new ArrayList<>(Worktrees.changedPaths(r.project(), r.name())));
            } catch (EngineException e) {
                // its worktree was removed (or the repository moved): nothing of it can overlap
            }
        }
        // what Dispatch's own agents changed outside worktrees (write_file, edit_file)
        fleet.edits.changes(space, fleet.clock.get()).forEach((agent, paths) -> {
            List<String> mine = changes.computeIfAbsent(agent, k -> new ArrayList<>());
            for (String p : paths) if (!mine.contains(p)) mine.add(p);
        });
        List<Conflict> out = new ArrayList<>();
        Map<String, TreeSet<String>> byPath = new TreeMap<>();
        changes.forEach((agent, paths) -> paths.forEach(
                p -> byPath.computeIfAbsent(p, k -> new TreeSet<>()).add(agent)));
        byPath.forEach((path, agents) -> {
            if (agents.size() > 1)
                out.add(new Conflict(
                        path,
                        BOTH,
                        List.copyOf(agents),
                        "changed by " + String.join(" and ", agents) + " (their worktrees or in-process edits)"));
        });
        if (changes.isEmpty()) return out;
        LockOps.ListResult locks = fleet.coord.submit(new LockOps.ListLocks(space, LockOps.Scope.held));
        for (LockOps.LockView l : locks.locks()) {
            for (String pattern : l.patterns()) {
                PathMatcher m = matcher(pattern);
                if (m == null) continue;
                changes.forEach((agent, paths) -> {
                    if (agent.equals(l.agent())) return;
                    for (String path : paths) {
                        if (!matches(m, pattern, path)) continue;
                        out.add(new Conflict(
                                path,
                                LOCKED,
                                List.of(agent, l.agent()),
                                agent + " changed it while " + l.agent() + " holds lock " + l.id() + " on '" + pattern
                                        + "' until " + l.expiresAt()));
                    }
                });
            }
        }
        return out;
    }

    static PathMatcher matcher(String pattern) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (IllegalArgumentException e) {
            return null; // a resource name that is no glob: compared as a plain path below
        }
    }

    static boolean matches(PathMatcher m, String pattern, String path) {
        if (pattern.equals(path)) return true;
        if (m == null) return false;
        try {
            return m.matches(Path.of(path));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
