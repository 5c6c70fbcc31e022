package dev.dispatch.fs;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Walks the files under a directory the way a developer sees the project: {@code .gitignore}d
 * entries and {@code .git} are skipped, symlinks are reported but never followed (a link must not
 * carry a walk out of the project), unreadable directories are skipped rather than failing the walk.
 * Each directory is opened relative to its parent without following links ({@link NoFollow}), so a
 * directory swapped for a link while the walk runs is skipped, never entered. A {@link Filter} can
 * withhold entries (the permission rules); a withheld directory is not entered.
 */
public final class FileWalk {
    private FileWalk() {}

    /** Receives each file (or symlink) found; answers whether to keep walking. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(Path file, BasicFileAttributes attributes) throws IOException;
    }

    /** Decides whether an entry (file, link or directory) may be seen at all. */
    @FunctionalInterface
    public interface Filter {
        Filter ALL = (entry, attributes) -> true;

        boolean admits(Path entry, BasicFileAttributes attributes) throws IOException;
    }

    /**
     * Walks {@code start} (a real directory at or below {@code root}) in name order per directory,
     * honouring the ignore rules that apply from {@code root} down.
     */
    public static void walk(Path root, Path start, Visitor visitor) throws IOException {
        walk(root, start, Filter.ALL, visitor);
    }

    /** As {@link #walk(Path, Path, Visitor)}, passing by every entry {@code filter} does not admit. */
    public static void walk(Path root, Path start, Filter filter, Visitor visitor) throws IOException {
        IgnoreRules rules = new IgnoreRules(root);
        try (SecureDirectoryStream<Path> dir = NoFollow.directory(start)) {
            new Walk(rules, filter, visitor).directory(dir, start);
        }
    }

    private record Walk(IgnoreRules rules, Filter filter, Visitor visitor) {
        /** Walks one opened directory; false once the visitor asked to stop. */
        boolean directory(SecureDirectoryStream<Path> dir, Path path) throws IOException {
            List<Path> names = new ArrayList<>();
            try {
                for (Path entry : dir) names.add(entry.getFileName());
            } catch (DirectoryIteratorException e) {
                return true; // unreadable midway: skip the rest of it
            }
            names.sort(null);
            for (Path name : names) {
                Path entry = path.resolve(name);
                Optional<BasicFileAttributes> found = NoFollow.attributes(dir, name);
                if (found.isEmpty()) continue; // gone meanwhile
                BasicFileAttributes attrs = found.get();
                if (attrs.isDirectory()) {
                    if (rules.ignored(entry, IgnoreRules.EntryKind.DIRECTORY) || !filter.admits(entry, attrs)) continue;
                    SecureDirectoryStream<Path> child;
                    try {
                        child = NoFollow.child(dir, name, entry);
                    } catch (IOException unreadable) {
                        continue; // unreadable, or swapped for a link since it was listed: not entered
                    }
                    try (child) {
                        if (!directory(child, entry)) return false;
                    }
                } else {
                    if (rules.ignored(entry, IgnoreRules.EntryKind.FILE) || !filter.admits(entry, attrs)) continue;
                    if (!visitor.visit(entry, attrs)) return false;
                }
            }
            return true;
        }
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
