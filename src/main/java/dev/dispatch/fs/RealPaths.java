package dev.dispatch.fs;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Real-path resolution that also works for paths that do not exist yet, so a permission check can
 * decide where a write would really land. {@link Path#toRealPath} refuses missing files and
 * {@link Path#normalize} folds {@code ..} before symlinks are followed (wrong when {@code a} is a
 * link in {@code a/..}); this walks the path one component at a time like the kernel does: follow
 * each symlink (including a dangling one, whose target is where a write would go), apply {@code ..}
 * to the real directory reached so far, and keep missing components as they are.
 */
public final class RealPaths {
    /** Linux gives up after 40 links (MAXSYMLINKS); so do we, and call it a loop. */
    static final int MAX_LINKS = 40;

    private RealPaths() {}

    /**
     * The real absolute path {@code path} refers to; relative paths are taken against {@code base}.
     *
     * @throws FileSystemLoopException when symlinks loop, naming the path and the links followed
     */
    public static Path resolve(Path base, Path path) throws IOException {
        Path start = path.isAbsolute() ? path : base.resolve(path);
        Deque<String> todo = new ArrayDeque<>();
        for (Path part : start) todo.addLast(part.toString());
        Path current = start.getRoot();
        List<String> followed = new ArrayList<>();
        while (!todo.isEmpty()) {
            String name = todo.removeFirst();
            if (name.equals(".") || name.isEmpty()) continue;
            if (name.equals("..")) {
                Path parent = current.getParent();
                current = parent == null ? current : parent;
                continue;
            }
            Path next = current.resolve(name);
            if (Files.isSymbolicLink(next)) {
                followed.add(next.toString());
                if (followed.size() > MAX_LINKS) throw loop(start, followed);
                Path target = Files.readSymbolicLink(next);
                List<String> parts = new ArrayList<>();
                for (Path part : target) parts.add(part.toString());
                for (int i = parts.size() - 1; i >= 0; i--) todo.addFirst(parts.get(i));
                if (target.isAbsolute()) current = target.getRoot();
                continue;
            }
            current = next;
        }
        return current;
    }

    /** Whether {@code path} is {@code root} or below it, comparing whole components ({@code /a} does not contain {@code /ab}). */
    public static boolean contains(Path root, Path path) {
        return path.normalize().startsWith(root.normalize());
    }

    /** The real path of an existing directory; a clear error when it does not exist. */
    public static Path existingDirectory(Path dir) throws IOException {
        Path real = dir.toRealPath();
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("not a directory: " + dir);
        }
        return real;
    }

    private static FileSystemLoopException loop(Path start, List<String> followed) {
        List<String> shown = followed.subList(0, Math.min(4, followed.size()));
        return new FileSystemLoopException(start + ": symbolic link loop (followed " + String.join(" -> ", shown)
                + " -> ... more than " + MAX_LINKS + " links); fix or remove the link");
    }
}
