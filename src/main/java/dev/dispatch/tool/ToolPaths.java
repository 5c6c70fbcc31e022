package dev.dispatch.tool;

import dev.dispatch.fs.FileWalk;
import dev.dispatch.fs.NoFollow;
import dev.dispatch.fs.RealPaths;
import dev.dispatch.permission.Operation;
import dev.dispatch.permission.PermissionRequest;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * How file tools turn the model's path argument into the real path they touch, after asking. A
 * relative path is taken against the project root; nothing expands {@code ~} or {@code $HOME}. The
 * path is resolved to its real form first and the gate is asked about that real path (and the path
 * as given, so a deny rule on either holds); the tool then opens exactly that real path with
 * {@link NoFollow} (no link followed at any component), so a symlink swapped in after the check
 * makes the open fail instead of reaching somewhere unchecked. Walks go through {@link #walk}, which
 * withholds every entry the gate refuses.
 */
final class ToolPaths {
    private ToolPaths() {}

    /** Asks to read {@code given} and returns the real path that was checked. */
    static Path readable(ToolContext ctx, String given, String reason) {
        return resolve(ctx, given, Operation.READ, reason);
    }

    /** Asks to write {@code given} and returns the real path that was checked (which may not exist yet). */
    static Path writable(ToolContext ctx, String given, String reason) {
        return resolve(ctx, given, Operation.WRITE, reason);
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

    /**
     * Walks the checked real directory {@code start}, visiting the entries the tool {@code wants}
     * (directories are always wanted, to be entered) and, of those, only what the gate lets this agent
     * see ({@link ToolContext#visible}); a withheld directory is not entered.
     *
     * @return how many wanted entries were withheld by the permission rules
     */
    static int walk(ToolContext ctx, Path start, Predicate<BasicFileAttributes> wants, FileWalk.Visitor visitor)
            throws IOException {
        int[] withheld = {0};
        FileWalk.walk(
                ctx.projectRoot(),
                start,
                (entry, attrs) -> {
                    if (!attrs.isDirectory() && !wants.test(attrs)) return false;
                    if (ctx.visible(entry)) return true;
                    withheld[0]++;
                    return false;
                },
                visitor);
        return withheld[0];
    }

    /** The note a walking tool adds when the rules withheld entries. */
    static String withheldNote(int withheld) {
        return "[" + withheld + (withheld == 1 ? " entry" : " entries")
                + " withheld by the permission rules (permissions.deny, Dispatch's own directories); not shown or"
                + " searched]\n";
    }

    /** What is at a checked real path now (a link reported as a link), or empty when nothing is. */
    static Optional<BasicFileAttributes> attributes(ToolContext ctx, Path real) {
        try {
            return NoFollow.attributes(real);
        } catch (IOException e) {
            throw openFailure(ctx, real, e);
        }
    }

    /** Opens the checked regular file {@code real} for reading (see {@link NoFollow#openRegular}). */
    static NoFollow.OpenFile open(ToolContext ctx, Path real) {
        try {
            return NoFollow.openRegular(real);
        } catch (IOException e) {
            throw openFailure(ctx, real, e);
        }
    }

    /** A failure to open a checked path, worded for the model; a changed path says so. */
    static ToolFailure openFailure(ToolContext ctx, Path real, IOException e) {
        String shown = shown(ctx, real);
        if (e instanceof FileSystemException fs && fs.getReason() != null)
            return new ToolFailure(shown + ": " + fs.getReason());
        return new ToolFailure("cannot open " + shown + ": " + e.getMessage());
    }

    private static Path resolve(ToolContext ctx, String given, Operation operation, String reason) {
        Path lexical = absolute(ctx, given);
        Path real = real(ctx, lexical);
        List<Path> paths = real.equals(lexical.normalize()) ? List.of(real) : List.of(lexical, real);
        ctx.require(new PermissionRequest(operation, paths, null, reason));
        return real;
    }
}
