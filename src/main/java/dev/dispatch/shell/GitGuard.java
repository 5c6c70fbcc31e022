package dev.dispatch.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The parts of a git repository a sandboxed command must not change, because the user's own git
 * runs them later outside any sandbox: {@code hooks/}, {@code config} (core.hooksPath, aliases,
 * filters, fsmonitor, include.path), {@code modules/} (submodules' hooks and configs) and a linked
 * worktree's {@code commondir}/{@code gitdir}/{@code config.worktree}. The git directory itself is
 * bound onto itself so it is a mount point: {@code mv .git .git2} then fails (EBUSY) instead of
 * letting a command rebuild a {@code .git} with writable hooks beside the guarded one.
 *
 * <p>A file that does not exist cannot be guarded by a mount without breaking git (an empty
 * {@code commondir} is fatal), so {@link #planted} lists such files a command created, and the
 * caller removes them after the call.
 */
public final class GitGuard {
    /** Files git follows when they appear in a git dir, and which a command must not plant. */
    static final List<String> REDIRECTS = List.of("commondir", "config.worktree");

    private static final List<String> GUARDED =
            List.of("hooks", "config", "modules", "commondir", "gitdir", "config.worktree");

    private GitGuard() {}

    /** The git directories of a writable directory {@code dir}: its {@code .git}, and a worktree's common dir. */
    static List<Path> gitDirs(Path dir) {
        Set<Path> out = new LinkedHashSet<>();
        Path dotGit = dir.resolve(".git");
        if (Files.isDirectory(dotGit, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            out.add(dotGit);
        } else if (Files.isRegularFile(dotGit, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Path gitDir = pointer(dotGit, "gitdir:", dir);
            if (gitDir != null) {
                out.add(gitDir);
                Path common = pointer(gitDir.resolve("commondir"), "", gitDir);
                if (common != null) out.add(common);
            }
        }
        return List.copyOf(out);
    }

    /** The existing entries of {@code gitDir} to bind read-only. */
    static List<Path> guarded(Path gitDir) {
        List<Path> out = new ArrayList<>();
        for (String name : GUARDED) {
            Path p = gitDir.resolve(name);
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) out.add(p);
        }
        return out;
    }

    /** The redirect files missing now from the git dirs of {@code writableDirs} (to check again after the call). */
    public static List<Path> absentRedirects(List<Path> writableDirs) {
        Set<Path> gitDirs = new LinkedHashSet<>();
        for (Path w : writableDirs) {
            try {
                if (Files.isDirectory(w)) gitDirs.addAll(gitDirs(w.toRealPath()));
            } catch (IOException e) {
                // gone: nothing to watch
            }
        }
        List<Path> out = new ArrayList<>();
        for (Path g : gitDirs) {
            for (String name : REDIRECTS) {
                Path p = g.resolve(name);
                if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) out.add(p);
            }
        }
        return out;
    }

    /** Of {@code wereAbsent}, those a command created; removed, so the user's git never follows them. */
    public static List<Path> removePlanted(List<Path> wereAbsent) {
        List<Path> removed = new ArrayList<>();
        for (Path p : wereAbsent) {
            if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
            try {
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    try (var walk = Files.walk(p)) {
                        for (Path q :
                                walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
                    }
                    removed.add(p);
                } else if (Files.deleteIfExists(p)) {
                    removed.add(p);
                }
            } catch (IOException e) {
                removed.add(p); // reported either way: the caller says it was planted
            }
        }
        return removed;
    }

    private static Path pointer(Path file, String prefix, Path base) {
        try {
            if (Files.size(file) > 4096) return null;
            String text = Files.readString(file).strip();
            if (!text.startsWith(prefix)) return null;
            Path target = base.resolve(text.substring(prefix.length()).strip()).normalize();
            return Files.isDirectory(target) ? target.toRealPath() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
