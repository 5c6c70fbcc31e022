package dev.dispatch.app;

import dev.dispatch.fs.RealPaths;
import dev.dispatch.permission.Grants;
import dev.dispatch.permission.Operation;
import dev.dispatch.permission.PermissionGate;
import dev.dispatch.permission.PolicyGate;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The permissions {@code summon_agent} asks for a child ({@code read:PATH}, {@code write:PATH},
 * {@code summon_subagents}), checked against the parent's own on real paths and operations: a glob
 * counts as the directory before its first wildcard, {@code ..} is applied and symlinks followed
 * before comparing, and a write asks more than a read. Anything the parent does not hold itself is
 * refused, naming what exceeds; nothing is narrowed silently.
 */
final class ChildGrants {
    /** Path grants for the child (null: none asked, so it shares the parent's), and whether it may summon. */
    record Asked(Grants grants, boolean summon) {}

    private ChildGrants() {}

    static Asked check(List<String> permissions, Path root, PermissionGate parent) {
        if (permissions == null || permissions.isEmpty()) return new Asked(null, false);
        List<Grants.PathGrant> grants = new ArrayList<>();
        boolean summon = false;
        List<String> exceeding = new ArrayList<>();
        for (String raw : permissions) {
            String p = raw == null ? "" : raw.strip();
            if (p.equals("summon_subagents")) {
                summon = true;
                continue;
            }
            int colon = p.indexOf(':');
            String kind = colon < 0 ? p : p.substring(0, colon).toLowerCase(Locale.ROOT);
            Operation op =
                    switch (kind) {
                        case "read" -> Operation.READ;
                        case "write" -> Operation.WRITE;
                        default ->
                            throw invalid(
                                    "permission '" + raw + "' is not one of read:PATH, write:PATH, summon_subagents");
                    };
            String pattern = p.substring(colon + 1).strip();
            if (pattern.isEmpty())
                throw invalid("permission '" + raw + "' names no path: write it as " + kind + ":PATH");
            Path real = realBase(root, pattern, raw);
            if (!holds(parent, op, real)) exceeding.add(raw + " (really " + real + ")");
            else grants.add(new Grants.PathGrant(op, real));
        }
        if (!exceeding.isEmpty()) {
            throw new EngineException(
                    ErrorCode.FORBIDDEN,
                    "permissions wider than yours: " + String.join(", ", exceeding)
                            + "; a child can only get what its parent holds (paths inside " + root
                            + " and your grants)");
        }
        return new Asked(grants.isEmpty() ? null : new Grants(grants), summon);
    }

    /** The real directory a path or glob names: the components before the first wildcard, resolved. */
    private static Path realBase(Path root, String pattern, String raw) {
        List<String> fixed = new ArrayList<>();
        for (String part : pattern.split("/", -1)) {
            if (part.matches(".*[*?\\[{].*")) break;
            fixed.add(part);
        }
        String base = String.join("/", fixed);
        if (base.isEmpty()) base = pattern.startsWith("/") ? "/" : ".";
        try {
            return RealPaths.resolve(root, Path.of(base));
        } catch (InvalidPathException | IOException e) {
            throw invalid("permission '" + raw + "': cannot resolve '" + base + "': " + e.getMessage());
        }
    }

    private static boolean holds(PermissionGate parent, Operation op, Path real) {
        if (parent instanceof PolicyGate g) return g.policy().effective().covers(op, real);
        return !parent.refuses(op, real);
    }

    private static EngineException invalid(String message) {
        return EngineException.invalid(message);
    }
}
