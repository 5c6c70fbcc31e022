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
 * @param persona the persona it was started with, as NAME@VERSION; null without one
 * @param nudges reminders sent to it about a stale lease (bounded per lease, {@link Nudger})
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
        Instant exitedAt,
        String persona,
        List<Nudge> nudges) {

    /** One reminder: when, about which task (and attempt, so each lease counts apart), and whether the pane took it. */
    record Nudge(Instant at, String taskId, int attempt, boolean delivered) {}

    ExternalRecord {
        nudges = nudges == null ? List.of() : List.copyOf(nudges);
    }

    ExternalRecord exited(Instant at) {
        return new ExternalRecord(
                space, name, cli, command, project, directory, worktree, branch, base, taskId, prompt, socket, session,
                startedAt, at, persona, nudges);
    }

    ExternalRecord nudged(Nudge n) {
        List<Nudge> all = new java.util.ArrayList<>(nudges);
        all.add(n);
        // bounded: the last 50 are plenty for 'dispatch agent list' and the per-lease limit
        if (all.size() > 50) all = all.subList(all.size() - 50, all.size());
        return new ExternalRecord(
                space, name, cli, command, project, directory, worktree, branch, base, taskId, prompt, socket, session,
                startedAt, exitedAt, persona, all);
    }
}
