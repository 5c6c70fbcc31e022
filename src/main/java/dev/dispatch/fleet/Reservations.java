package dev.dispatch.fleet;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.FleetOps.Reservation;
import dev.dispatch.protocol.FleetOps.ReservePath;
import dev.dispatch.protocol.LockOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * Whether an agent may change a path now: refused when another agent holds a lock whose pattern covers
 * it (the same matching as {@link Overlaps}). This is what makes reservations bind agents that do not
 * ask on their own: Claude Code's PreToolUse hook asks it before every Edit, Write and Bash. An absolute
 * path is taken relative to the agent's directory (its worktree), with {@code ..} and symbolic links
 * resolved first, so {@code wt/../wt/src/a} or a link into {@code src/} cannot slip past a lock on
 * {@code src/**}; a path outside that directory is compared as it is.
 */
final class Reservations {
    private Reservations() {}

    static Reservation check(Fleet fleet, ReservePath p) {
        if (p.space() == null || p.space().isBlank()) throw EngineException.invalid("space is empty; give --space");
        if (p.agent() == null || p.agent().isBlank()) throw EngineException.invalid("agent is empty; give --agent");
        if (p.path() == null || p.path().isBlank())
            throw EngineException.invalid("path is empty; give the file to change");
        if (p.path().indexOf('\0') >= 0) throw EngineException.invalid("path contains a NUL character");
        String rel = relative(fleet, p.agent(), p.path());
        LockOps.ListResult locks = fleet.coord.submit(new LockOps.ListLocks(p.space(), LockOps.Scope.held));
        for (LockOps.LockView l : locks.locks().stream()
                .sorted(Comparator.comparing(LockOps.LockView::expiresAt))
                .toList()) {
            if (l.agent().equals(p.agent())) continue;
            for (String pattern : l.patterns()) {
                if (!Overlaps.matches(Overlaps.matcher(pattern), pattern, rel)) continue;
                return new Reservation(
                        false,
                        rel,
                        l.agent(),
                        pattern,
                        l.id(),
                        l.expiresAt(),
                        rel + " is reserved by agent " + l.agent() + " (lock " + l.id() + " on '" + pattern + "', "
                                + l.mode() + ", until " + l.expiresAt() + "); work on something else, message "
                                + l.agent() + " with 'dispatch msg send " + l.agent() + " …', or wait for the lock to"
                                + " be released");
            }
        }
        return new Reservation(true, rel, null, null, null, null, "no other agent holds a lock on " + rel);
    }

    /** {@code raw} as lock patterns name it: relative to the agent's directory when it lies inside it. */
    static String relative(Fleet fleet, String agent, String raw) {
        Path path;
        try {
            path = Path.of(raw);
        } catch (InvalidPathException e) {
            throw EngineException.invalid("path '" + raw + "' is not a valid path: " + e.getReason());
        }
        Path dir = fleet.records.find(agent).map(r -> Path.of(r.directory())).orElse(null);
        if (!path.isAbsolute()) {
            if (dir == null) return path.normalize().toString();
            path = dir.resolve(path);
        }
        path = real(path.normalize());
        if (dir == null) return path.toString();
        Path base = real(dir);
        return path.startsWith(base) ? base.relativize(path).toString() : path.toString();
    }

    /** The path with symbolic links resolved as far as it exists (a new file's parent is what counts). */
    private static Path real(Path p) {
        Path existing = p;
        java.util.ArrayDeque<Path> names = new java.util.ArrayDeque<>();
        while (existing != null && !Files.exists(existing)) {
            if (existing.getFileName() != null) names.push(existing.getFileName());
            existing = existing.getParent();
        }
        if (existing == null) return p;
        try {
            Path r = existing.toRealPath();
            while (!names.isEmpty()) r = r.resolve(names.pop());
            return r.normalize();
        } catch (IOException e) {
            return p;
        }
    }
}
