package dev.dispatch.worktree;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.WorktreeOps.ChangedPath;
import dev.dispatch.protocol.WorktreeOps.DiffWorktree;
import dev.dispatch.protocol.WorktreeOps.ListWorktrees;
import dev.dispatch.protocol.WorktreeOps.MergeResult;
import dev.dispatch.protocol.WorktreeOps.MergeWorktree;
import dev.dispatch.protocol.WorktreeOps.RemoveResult;
import dev.dispatch.protocol.WorktreeOps.RemoveWorktree;
import dev.dispatch.protocol.WorktreeOps.WorktreeDiff;
import dev.dispatch.protocol.WorktreeOps.WorktreeList;
import dev.dispatch.protocol.WorktreeOps.WorktreeView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;

/**
 * One git worktree per external agent: {@code <repo>/.dispatch/worktrees/NAME} on branch
 * {@code dispatch/NAME}, started from the current HEAD. JGit reads refs, config, commits and trees;
 * the git CLI does what JGit cannot ({@link Git}: worktree add/remove, a linked worktree's status,
 * merge-tree). The base commit is recorded in the repository's config ({@code branch.dispatch/NAME.dispatchBase}),
 * so diffs and conflict checks need nothing but the repository.
 */
public final class Worktrees {
    private static final String BASE_KEY = "dispatchBase";

    private Worktrees() {}

    /** Creates agent {@code name}'s worktree from HEAD; refuses an existing directory or branch. */
    public static WorktreeView create(String project, String name) {
        AgentName.require(name);
        try (Repo repo = Repo.at(project)) {
            Path path = repo.worktreePath(name);
            String branch = repo.branch(name);
            ObjectId head = repo.resolve("HEAD^{commit}");
            if (head == null)
                throw EngineException.invalid("the repository at " + repo.root
                        + " has no commit yet; commit once before" + " giving an agent a worktree");
            if (Files.exists(path))
                throw EngineException.conflict("worktree '" + name + "' already exists at " + path + "; remove it with"
                        + " 'dispatch worktree remove " + name + "' or pick another name");
            if (repo.resolve("refs/heads/" + branch) != null)
                throw EngineException.conflict("branch '" + branch + "' already exists; delete it ('git branch -D "
                        + branch + "') or pick another agent name");
            excludeWorktreeDir(repo);
            // JGit has no 'worktree add' (it cannot create linked worktrees): the git CLI does it
            Git.ok(
                    repo.root,
                    "cannot create worktree " + path,
                    "worktree",
                    "add",
                    "-q",
                    "-b",
                    branch,
                    path.toString(),
                    head.name());
            StoredConfig config = repo.jgit.getConfig();
            config.setString("branch", branch, BASE_KEY, head.name());
            config.save();
            return view(repo, name, path);
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.INTERNAL, "cannot record the base of worktree '" + name + "': " + e.getMessage(), e);
        }
    }

    public static WorktreeList list(ListWorktrees p) {
        try (Repo repo = Repo.at(p.project())) {
            List<WorktreeView> out = new ArrayList<>();
            for (String name : names(repo)) out.add(view(repo, name, repo.worktreePath(name)));
            return new WorktreeList(repo.root.toString(), out);
        }
    }

    public static WorktreeDiff diff(DiffWorktree p) {
        String name = AgentName.require(p.name());
        try (Repo repo = Repo.at(p.project())) {
            Path path = requireWorktree(repo, name);
            WorktreeView v = view(repo, name, path);
            List<ChangedPath> paths = Changes.all(repo, ObjectId.fromString(v.base()), repo.resolve(v.head()), path);
            // the patch covers tracked files (committed and not); untracked files are listed in paths only
            String patch =
                    Git.ok(path, "cannot diff worktree " + name, "diff", "--no-color", "--no-ext-diff", v.base());
            return new WorktreeDiff(v, paths, patch);
        }
    }

    /** Every path agent {@code name} changed against its base, committed or not; empty when it has no worktree. */
    public static List<String> changedPaths(String project, String name) {
        try (Repo repo = Repo.at(project)) {
            Path path = repo.worktreePath(name);
            if (!repo.isWorktreeDir(path)) return List.of();
            WorktreeView v = view(repo, name, path);
            return Changes.all(repo, ObjectId.fromString(v.base()), repo.resolve(v.head()), path).stream()
                    .map(ChangedPath::path)
                    .toList();
        }
    }

    public static MergeResult merge(MergeWorktree p) {
        String name = AgentName.require(p.name());
        try (Repo repo = Repo.at(p.project())) {
            Path path = requireWorktree(repo, name);
            return Merges.merge(repo, name, path, view(repo, name, path));
        }
    }

    public static RemoveResult remove(RemoveWorktree p) {
        String name = AgentName.require(p.name());
        try (Repo repo = Repo.at(p.project())) {
            Path path = requireWorktree(repo, name);
            List<String> dirty =
                    Changes.uncommitted(path).stream().map(ChangedPath::path).toList();
            if (!dirty.isEmpty() && !p.force())
                throw EngineException.conflict(
                        "worktree '" + name + "' has uncommitted changes (" + String.join(", ", head(dirty))
                                + "); commit or merge them first, or run 'dispatch worktree remove " + name
                                + " --force' to discard them");
            List<String> args = new ArrayList<>(List.of("worktree", "remove"));
            if (p.force()) args.add("--force");
            args.add(path.toString());
            Git.ok(repo.root, "cannot remove worktree " + path, args.toArray(String[]::new));
            String branch = repo.branch(name);
            // an unmerged branch keeps its commits unless forced: 'branch -d' refuses to lose them
            boolean deleted = Git.run(repo.root, "branch", p.force() ? "-D" : "-d", branch)
                    .ok();
            if (deleted) unsetBase(repo, branch);
            return new RemoveResult(name, path.toString(), deleted, dirty);
        }
    }

    /** The agent worktree names under {@code .dispatch/worktrees}, sorted. */
    static List<String> names(Repo repo) {
        Path dir = repo.root.resolve(Repo.DIR);
        if (!Files.isDirectory(dir) || Files.isSymbolicLink(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(repo::isWorktreeDir)
                    .map(x -> x.getFileName().toString())
                    .filter(n -> n.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,39}"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new EngineException(ErrorCode.INTERNAL, "cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    static Path requireWorktree(Repo repo, String name) {
        Path path = repo.worktreePath(name);
        if (!repo.isWorktreeDir(path))
            throw EngineException.notFound(
                    "no agent worktree '" + name + "' in " + repo.root + "; see 'dispatch worktree list'");
        return path;
    }

    static WorktreeView view(Repo repo, String name, Path path) {
        String branch = repo.branch(name);
        ObjectId tip = repo.resolve("refs/heads/" + branch);
        if (tip == null)
            throw EngineException.notFound("worktree '" + name + "' has no branch '" + branch + "' (it was deleted);"
                    + " run 'dispatch worktree remove " + name + " --force'");
        ObjectId base = base(repo, branch, tip);
        int ahead = countAhead(repo, base, tip);
        List<String> dirty =
                Changes.uncommitted(path).stream().map(ChangedPath::path).toList();
        return new WorktreeView(name, path.toString(), branch, base.name(), tip.name(), ahead, dirty);
    }

    /** The recorded base, else the merge base of HEAD and the branch (a worktree made by hand). */
    private static ObjectId base(Repo repo, String branch, ObjectId tip) {
        String recorded = repo.jgit.getConfig().getString("branch", branch, BASE_KEY);
        if (recorded != null && ObjectId.isId(recorded)) return ObjectId.fromString(recorded);
        ObjectId head = repo.resolve("HEAD^{commit}");
        if (head == null) return tip;
        try (RevWalk walk = new RevWalk(repo.jgit)) {
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(head));
            walk.markStart(walk.parseCommit(tip));
            var mb = walk.next();
            return mb == null ? tip : mb.getId();
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.INTERNAL, "cannot find the base of " + branch + ": " + e.getMessage(), e);
        }
    }

    private static int countAhead(Repo repo, ObjectId base, ObjectId tip) {
        try (RevWalk walk = new RevWalk(repo.jgit)) {
            walk.markStart(walk.parseCommit(tip));
            walk.markUninteresting(walk.parseCommit(base));
            int n = 0;
            while (walk.next() != null) n++;
            return n;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void excludeWorktreeDir(Repo repo) throws IOException {
        Path exclude = repo.jgit.getDirectory().toPath().resolve("info").resolve("exclude");
        String line = "/" + Repo.DIR + "/";
        if (Files.isRegularFile(exclude) && Files.readAllLines(exclude).contains(line)) return;
        Files.createDirectories(exclude.getParent());
        Files.writeString(exclude, "\n" + line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void unsetBase(Repo repo, String branch) {
        try {
            StoredConfig config = repo.jgit.getConfig();
            config.unsetSection("branch", branch);
            config.save();
        } catch (IOException ignored) {
            // a stale base entry only matters if the same branch is created again, and create rewrites it
        }
    }

    static List<String> head(List<String> paths) {
        return paths.size() <= 10 ? paths : List.copyOf(paths.subList(0, 10));
    }
}
