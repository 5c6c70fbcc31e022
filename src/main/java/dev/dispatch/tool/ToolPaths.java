package dev.dispatch.tool;

import dev.dispatch.fs.RealPaths;
import dev.dispatch.permission.PermissionRequest;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Path;

/**
 * How file tools turn the model's path argument into the real path they touch, after asking. A
 * relative path is taken against the project root; nothing expands {@code ~} or {@code $HOME}. The
 * permission gate sees the path as given (made absolute) and resolves it itself; the tool then works
 * on the real path, so a symlink cannot make it touch something other than what was allowed.
 */
final class ToolPaths {
    private ToolPaths() {}

    /** Asks to read {@code given} and returns its real path. */
    static Path readable(ToolContext ctx, String given, String reason) {
        return resolve(ctx, given, Access.READ, reason);
    }

    /** Asks to write {@code given} and returns its real path (which may not exist yet). */
    static Path writable(ToolContext ctx, String given, String reason) {
        return resolve(ctx, given, Access.WRITE, reason);
    }

    /** The path relative to the project root, for messages the model reads. */
    static String shown(ToolContext ctx, Path real) {
        if (real.startsWith(ctx.projectRoot())) {
            String relative = ctx.projectRoot().relativize(real).toString();
            return relative.isEmpty() ? "." : relative;
        }
        return real.toString();
    }

    /** The lexical absolute path of a model-given path; nothing is resolved yet. */
    static Path absolute(ToolContext ctx, String given) {
        if (given == null || given.isBlank())
            throw new ToolFailure("path is empty; give a path relative to the project root");
        if (given.indexOf('\0') >= 0) throw new ToolFailure("path contains a NUL byte: " + given.replace("\0", "\\0"));
        try {
            return ctx.projectRoot().resolve(given);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ToolFailure("invalid path '" + given + "': " + e.getReason());
        }
    }

    /** Resolves a path to its real form, turning symlink loops and I/O trouble into clear failures. */
    static Path real(ToolContext ctx, Path path) {
        try {
            return RealPaths.resolve(ctx.projectRoot(), path);
        } catch (FileSystemLoopException e) {
            throw new ToolFailure(e.getMessage());
        } catch (IOException e) {
            throw new ToolFailure("cannot resolve '" + path + "': " + e.getMessage());
        }
    }

    private enum Access {
        READ,
        WRITE
    }

    private static Path resolve(ToolContext ctx, String given, Access access, String reason) {
        Path path = absolute(ctx, given);
        ctx.require(
                access == Access.READ ? PermissionRequest.read(path, reason) : PermissionRequest.write(path, reason));
        return real(ctx, path);
    }
}
