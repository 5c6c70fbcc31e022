package dev.dispatch.permission;

import dev.dispatch.fs.RealPaths;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The simplest gate: every operation on real paths inside the project root, nothing else, no rules,
 * prompts or grants (tests and benchmarks of other packages; agents get a {@link PolicyGate}).
 * Decisions are made on real
 * paths (symlinks followed, {@code ..} applied after them, missing files resolved through their
 * nearest existing ancestor) and compared by component, so {@code /tmp/ws} never contains
 * {@code /tmp/ws-evil}.
 */
public final class Permissions {
    private final Path root;

    /** @param projectRoot an existing directory; it is resolved to its real path once, here */
    public Permissions(Path projectRoot) throws IOException {
        this.root = RealPaths.existingDirectory(projectRoot);
    }

    public Path root() {
        return root;
    }

    public PermissionDecision decide(PermissionRequest request) {
        if (request.paths().isEmpty()) {
            return PermissionDecision.deny(request.operation() + " names no path; nothing can be checked");
        }
        for (Path path : request.paths()) {
            Path real;
            try {
                real = RealPaths.resolve(root, path);
            } catch (IOException e) {
                return PermissionDecision.deny("cannot resolve '" + path + "': " + e.getMessage());
            }
            if (!RealPaths.contains(root, real)) {
                String via = real.equals(path) ? "" : " (really " + real + ")";
                return PermissionDecision.deny("'" + path + "'" + via + " is outside the project root " + root
                        + "; only paths inside the project root are allowed");
            }
        }
        return PermissionDecision.allow("inside the project root " + root);
    }

    /** This policy as the gate tools ask through. */
    public PermissionGate gate() {
        return this::decide;
    }
}
