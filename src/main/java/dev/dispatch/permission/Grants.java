package dev.dispatch.permission;

import dev.dispatch.fs.RealPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Grants an agent holds: path grants keyed by (operation, directory subtree), so a session grant
 * for reading {@code /etc} covers {@code /etc/hosts} and {@code /etc/hostname}; and command grants
 * for exactly one command line in one directory, so allowing one flagged shell command never
 * allows another (the Crush #497 mistake). A write grant also covers reads. Thread-safe.
 */
public final class Grants {
    /** Permission to do {@code operation} anywhere in {@code subtree} (a real path). */
    public record PathGrant(Operation operation, Path subtree) {
        boolean covers(Operation op, Path real) {
            return (operation == op || (operation == Operation.WRITE && op == Operation.READ))
                    && RealPaths.contains(subtree, real);
        }
    }

    private final Set<PathGrant> paths = ConcurrentHashMap.newKeySet();
    private final Set<String> commands = ConcurrentHashMap.newKeySet();

    public Grants() {}

    public Grants(List<PathGrant> initial) {
        paths.addAll(initial);
    }

    public void add(PathGrant grant) {
        paths.add(grant);
    }

    void addCommand(String command, Path cwd) {
        commands.add(cwd + "\0" + command);
    }

    public boolean covers(Operation op, Path real) {
        return paths.stream().anyMatch(g -> g.covers(op, real));
    }

    boolean coversCommand(String command, Path cwd) {
        return commands.contains(cwd + "\0" + command);
    }

    /** The exact command lines granted, as {@code cwd + "\0" + command} (an MCP tool's key starts {@code \0mcp:}). */
    List<String> commandGrants() {
        return commands.stream().sorted().toList();
    }

    public List<PathGrant> pathGrants() {
        return List.copyOf(paths);
    }

    /**
     * What both sides allow: for every pair of grants whose operations agree (a write meets a read
     * as a read), the deeper of the two subtrees when one contains the other. A child agent's
     * effective grants are {@code parent.intersect(requested)}: never more than its parent holds.
     */
    public Grants intersect(Grants other) {
        List<PathGrant> out = new ArrayList<>();
        for (PathGrant a : paths) {
            for (PathGrant b : other.paths) {
                Operation op = meet(a.operation(), b.operation());
                if (op == null) continue;
                if (RealPaths.contains(a.subtree(), b.subtree())) out.add(new PathGrant(op, b.subtree()));
                else if (RealPaths.contains(b.subtree(), a.subtree())) out.add(new PathGrant(op, a.subtree()));
            }
        }
        return new Grants(out);
    }

    private static Operation meet(Operation a, Operation b) {
        if (a == b) return a;
        if ((a == Operation.WRITE && b == Operation.READ) || (a == Operation.READ && b == Operation.WRITE)) {
            return Operation.READ;
        }
        return null;
    }
}
