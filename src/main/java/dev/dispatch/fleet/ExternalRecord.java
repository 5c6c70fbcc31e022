package dev.dispatch.fleet;

import java.time.Instant;
import java.util.List;

/**
 * What the owner remembers about one external agent, one JSON file each under {@code <data>/fleet/}:
 * how it was started and where it runs. Never its token: that lives only in the tmux session's
 * environment (and, hashed, in the agent registry).
 *
 * @param project the main repository's root (or the directory it was spawned in, without a worktree)
 * @param directory where the CLI runs: the worktree, else {@code project}
 * @param exitedAt when supervision saw its session end; null while it runs
 */
record ExternalRecord(
        String space,
        String name,
        String cli,
        List<String> command,
        String project,
        String directory,
        String worktree,
        String branch,
        String base,
        String taskId,
        String prompt,
        String socket,
        String session,
        Instant startedAt,
        Instant exitedAt) {

    ExternalRecord exited(Instant at) {
        return new ExternalRecord(
                space, name, cli, command, project, directory, worktree, branch, base, taskId, prompt, socket, session,
                startedAt, at);
    }
}
