package dev.dispatch.worktree;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.WorktreeOps.ChangedPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * What an agent's worktree changed against its base: committed changes (base → branch tip) read with
 * JGit from the shared object store, uncommitted ones (the linked worktree's own index and files, which
 * JGit cannot open) from {@code git status}.
 */
final class Changes {
    private Changes() {}

    /** Paths changed between {@code base} and {@code tip}, with the kind of change. */
    static List<ChangedPath> committed(Repo repo, ObjectId base, ObjectId tip) {
        if (base == null || tip == null || base.equals(tip)) return List.of();
        try (RevWalk walk = new RevWalk(repo.jgit);
                DiffFormatter df = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            RevCommit a = walk.parseCommit(base);
            RevCommit b = walk.parseCommit(tip);
            df.setRepository(repo.jgit);
            df.setDetectRenames(true);
            List<ChangedPath> out = new ArrayList<>();
            for (DiffEntry e : df.scan(a.getTree(), b.getTree())) {
                String path = e.getChangeType() == DiffEntry.ChangeType.DELETE ? e.getOldPath() : e.getNewPath();
                out.add(new ChangedPath(path, kind(e.getChangeType()), true));
                if (e.getChangeType() == DiffEntry.ChangeType.RENAME)
                    out.add(new ChangedPath(e.getOldPath(), "deleted", true));
            }
            return out;
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.INTERNAL, "cannot diff " + base.name() + ".." + tip.name() + ": " + e.getMessage(), e);
        }
    }

    /** Uncommitted paths in worktree {@code dir} (tracked changes and untracked files), by {@code git status}. */
    static List<ChangedPath> uncommitted(Path dir) {
        String out = Git.ok(
                dir, "cannot read the status of " + dir, "status", "--porcelain=v1", "-z", "--untracked-files=all");
        List<ChangedPath> paths = new ArrayList<>();
        String[] fields = out.split("\0");
        for (int i = 0; i < fields.length; i++) {
            String f = fields[i];
            if (f.length() < 4) continue;
            char x = f.charAt(0);
            char y = f.charAt(1);
            String path = f.substring(3);
            if (x == 'R' || x == 'C') i++; // the next field is the original path
            paths.add(new ChangedPath(path, statusKind(x, y), false));
        }
        return paths;
    }

    /** Committed and uncommitted changes together, one entry per path (an uncommitted change wins). */
    static List<ChangedPath> all(Repo repo, ObjectId base, ObjectId tip, Path dir) {
        Map<String, ChangedPath> byPath = new LinkedHashMap<>();
        for (ChangedPath p : committed(repo, base, tip)) byPath.put(p.path(), p);
        for (ChangedPath p : uncommitted(dir)) byPath.put(p.path(), p);
        return new ArrayList<>(byPath.values());
    }

    private static String kind(DiffEntry.ChangeType t) {
        return switch (t) {
            case ADD, COPY -> "added";
            case DELETE -> "deleted";
            case RENAME -> "renamed";
            case MODIFY -> "modified";
        };
    }

    private static String statusKind(char x, char y) {
        if (x == '?') return "added";
        if (x == 'D' || y == 'D') return "deleted";
        if (x == 'A') return "added";
        if (x == 'R') return "renamed";
        return "modified";
    }
}
