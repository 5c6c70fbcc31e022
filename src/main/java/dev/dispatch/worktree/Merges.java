package dev.dispatch.worktree;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.WorktreeOps.ChangedPath;
import dev.dispatch.protocol.WorktreeOps.MergeConflict;
import dev.dispatch.protocol.WorktreeOps.MergeResult;
import dev.dispatch.protocol.WorktreeOps.WorktreeView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Merges an agent's branch into the repository's current branch only when it merges cleanly. The
 * check is {@code git merge-tree --write-tree} (git 2.38+), which computes the merge in the object
 * store without touching the index or any file, so a conflict is reported with nothing changed; JGit
 * has no equivalent. Only a clean merge then runs {@code git merge}, and a failure there is aborted.
 */
final class Merges {
    private Merges() {}

    static MergeResult merge(Repo repo, String name, Path path, WorktreeView v) {
        String branch = v.branch();
        if (!v.uncommitted().isEmpty())
            throw EngineException.conflict("worktree '" + name + "' has uncommitted changes ("
                    + String.join(", ", Worktrees.head(v.uncommitted())) + "); only commits merge: commit them in "
                    + path + " first");
        String into;
        try {
            into = repo.jgit.getFullBranch();
        } catch (IOException e) {
            into = null;
        }
        if (into == null || !into.startsWith("refs/heads/"))
            throw EngineException.conflict("the repository at " + repo.root + " is not on a branch (detached HEAD);"
                    + " check out the branch to merge into first");
        into = into.substring("refs/heads/".length());
        if (into.equals(branch)) throw EngineException.conflict("'" + branch + "' cannot be merged into itself");
        if (Files.exists(repo.jgit.getDirectory().toPath().resolve("MERGE_HEAD")))
            throw EngineException.conflict("a merge is already in progress in " + repo.root
                    + "; finish it ('git commit') or abort it ('git merge --abort') first");
        ObjectId head = repo.resolve("HEAD^{commit}");
        List<String> paths =
                Changes.committed(repo, ObjectId.fromString(v.base()), ObjectId.fromString(v.head())).stream()
                        .map(ChangedPath::path)
                        .toList();
        Git.Result check = Git.run(repo.root, "merge-tree", "--write-tree", "--name-only", head.name(), v.head());
        if (check.exit() == 1) return new MergeResult(name, into, false, null, paths, conflicts(check.out()));
        if (!check.ok())
            throw EngineException.conflict("cannot check the merge of " + branch + ": "
                    + Git.firstLine(check.err(), check.out()) + " (git 2.38 or newer is needed)");
        if (head.name().equals(v.head()) || paths.isEmpty() && v.commitsAhead() == 0)
            return new MergeResult(name, into, true, head.name(), List.of(), List.of());
        Git.Result m = Git.run(
                repo.root,
                "merge",
                "--no-ff",
                "--no-edit",
                "-m",
                "Merge " + branch + " (dispatch agent " + name + ")",
                branch);
        if (!m.ok()) {
            // e.g. an uncommitted change in the repository that the merge would overwrite: git refused before
            // touching anything, or stopped mid-way; either way leave the repository as it was
            if (Files.exists(repo.jgit.getDirectory().toPath().resolve("MERGE_HEAD")))
                Git.run(repo.root, "merge", "--abort");
            List<MergeConflict> why = new ArrayList<>();
            for (String line : (m.err() + "\n" + m.out()).lines().toList()) {
                String l = line.strip();
                if (!l.isEmpty()
                        && !l.startsWith("error:")
                        && !l.startsWith("Please")
                        && !l.startsWith("Aborting")
                        && !l.contains("Merge with strategy"))
                    why.add(new MergeConflict(
                            l, "uncommitted change in " + repo.root + " would be overwritten; commit or stash it"));
            }
            if (why.isEmpty()) why.add(new MergeConflict("", Git.firstLine(m.err(), m.out())));
            return new MergeResult(name, into, false, null, paths, why);
        }
        ObjectId merged = repo.resolve("HEAD^{commit}");
        return new MergeResult(name, into, true, merged.name(), paths, List.of());
    }

    /**
     * The conflicts in {@code merge-tree --name-only} output: the tree id, the conflicted paths, a blank
     * line, then git's messages ({@code CONFLICT (content): Merge conflict in a.txt}).
     */
    static List<MergeConflict> conflicts(String out) {
        List<String> lines = out.lines().toList();
        Map<String, String> byPath = new LinkedHashMap<>();
        int i = 1;
        for (; i < lines.size() && !lines.get(i).isEmpty(); i++) byPath.putIfAbsent(lines.get(i), null);
        for (; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.startsWith("CONFLICT")) continue;
            for (String p : byPath.keySet()) {
                if (byPath.get(p) == null && (l.endsWith(" " + p) || l.contains(" " + p + " "))) byPath.put(p, l);
            }
        }
        List<MergeConflict> out2 = new ArrayList<>();
        byPath.forEach((p, why) -> out2.add(new MergeConflict(p, why == null ? "conflict" : why)));
        return out2;
    }
}
