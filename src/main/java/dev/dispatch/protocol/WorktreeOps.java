package dev.dispatch.protocol;

import java.util.List;

/**
 * Git worktrees of external agents: each agent works in {@code <project>/.dispatch/worktrees/NAME} on
 * branch {@code dispatch/NAME}. {@code project} is the caller's working directory (any path inside the
 * repository): the owner may run elsewhere, so every op names the repository it is about.
 */
public final class WorktreeOps {
    private WorktreeOps() {}

    /** One agent worktree: where, which branch, the commit it started from, and what it holds. */
    public record WorktreeView(
            String name,
            String path,
            String branch,
            String base,
            String head,
            int commitsAhead,
            List<String> uncommitted) {}

    /** The agent worktrees of the repository holding {@code project}. */
    public record ListWorktrees(String project) implements Op<WorktreeList> {}

    public record WorktreeList(String repository, List<WorktreeView> worktrees) {}

    /** What worktree {@code name} changed against its base: committed and uncommitted paths, and the patch. */
    public record DiffWorktree(String project, String name) implements Op<WorktreeDiff> {}

    /** One changed path: {@code change} is added, modified, deleted or renamed; {@code committed} false when only in the worktree. */
    public record ChangedPath(String path, String change, boolean committed) {}

    public record WorktreeDiff(WorktreeView worktree, List<ChangedPath> paths, String patch) {}

    /**
     * Merge branch {@code dispatch/NAME} into the repository's current branch. On conflict nothing
     * changes: {@code merged} is false and {@code conflicts} names each path and why.
     */
    public record MergeWorktree(String project, String name) implements Op<MergeResult> {}

    /** One path that would not merge cleanly, with git's own words for it. */
    public record MergeConflict(String path, String reason) {}

    public record MergeResult(
            String name,
            String into,
            boolean merged,
            String commit,
            List<String> paths,
            List<MergeConflict> conflicts) {}

    /** Remove the worktree and its branch; refused while it has uncommitted changes unless {@code force}. */
    public record RemoveWorktree(String project, String name, boolean force) implements Op<RemoveResult> {}

    public record RemoveResult(String name, String path, boolean branchDeleted, List<String> discarded) {}
}
