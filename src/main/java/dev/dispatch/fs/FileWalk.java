package dev.dispatch.fs;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;

/**
 * Walks the files under a directory the way a developer sees the project: {@code .gitignore}d
 * entries and {@code .git} are skipped, symlinks are reported but never followed (a link must not
 * carry a walk out of the project), unreadable directories are skipped rather than failing the walk.
 */
public final class FileWalk {
    private FileWalk() {}

    /** Receives each file (or symlink) found; answers whether to keep walking. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(Path file, BasicFileAttributes attributes) throws IOException;
    }

    /**
     * Walks {@code start} (a real directory at or below {@code root}) in name order per directory,
     * honouring the ignore rules that apply from {@code root} down.
     */
    public static void walk(Path root, Path start, Visitor visitor) throws IOException {
        IgnoreRules rules = new IgnoreRules(root);
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(start) && rules.ignored(dir, IgnoreRules.EntryKind.DIRECTORY)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (rules.ignored(file, IgnoreRules.EntryKind.FILE)) return FileVisitResult.CONTINUE;
                return visitor.visit(file, attrs) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * A glob over '/'-separated paths relative to the walk's start. {@code **}{@code /x} also matches
     * {@code x} at the top, and a pattern without '/' matches a file name at any depth, as in
     * ripgrep's {@code --glob} and git's pathspecs.
     */
    public static Predicate<String> glob(String pattern) {
        if (pattern == null || pattern.isBlank()) return relative -> true;
        PathMatcher full = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        PathMatcher top = pattern.startsWith("**/")
                ? FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3))
                : null;
        boolean nameOnly = !pattern.contains("/");
        return relative -> {
            Path path = Path.of(relative);
            if (full.matches(path)) return true;
            if (top != null && top.matches(path)) return true;
            return nameOnly && path.getFileName() != null && full.matches(path.getFileName());
        };
    }
}
