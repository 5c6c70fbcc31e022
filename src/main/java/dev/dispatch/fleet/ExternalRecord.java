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
 * @param channel how prompts reach it: {@code exec} (one {@code codex exec --json} run per prompt,
 *     {@link ExecTurns}) or null for its tmux pane
 * @param thread the CLI's own session id its later prompts resume (exec channel); null before the first
 * @param turns the exec channel's prompts, oldest first (the last 50): queued, running, completed, failed
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
        List<Nudge> nudges,
        String channel,
        String thread,
        List<Turn> turns) {

    /** One reminder: when, about which task (and attempt, so each lease counts apart), and whether the pane took it. */
    record Nudge(Instant at, String taskId, int attempt, boolean delivered) {}

    /**
     * One prompt through the exec channel. {@code acceptedAt}: the CLI started the turn carrying it;
     * {@code consumedAt}: the model answered a request carrying it (its first item of the turn);
     * {@code state}: queued, running, completed or failed ({@code detail} says why).
     */
    record Turn(
            int number,
            String source,
            String state,
            Instant queuedAt,
            Instant acceptedAt,
            Instant consumedAt,
            Instant endedAt,
            String detail) {
        Turn with(String state, Instant acceptedAt, Instant consumedAt, Instant endedAt, String detail) {
            return new Turn(number, source, state, queuedAt, acceptedAt, consumedAt, endedAt, detail);
        }
    }

    ExternalRecord {
        nudges = nudges == null ? List.of() : List.copyOf(nudges);
        turns = turns == null ? List.of() : List.copyOf(turns);
    }

    /** A tmux-channel record (no exec turns). */
    ExternalRecord(
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
        this(
                space, name, cli, command, project, directory, worktree, branch, base, taskId, prompt, socket, session,
                startedAt, exitedAt, persona, nudges, null, null, null);
    }

    boolean exec() {
        return ExecTurns.CHANNEL.equals(channel);
    }

    /** The agent's runtime directory (its tmux socket's, prompt and event files). */
    java.nio.file.Path runDir() {
        return java.nio.file.Path.of(socket).getParent();
    }

    ExternalRecord withTurns(String thread, List<Turn> turns) {
        List<Turn> all = turns.size() > 50 ? turns.subList(turns.size() - 50, turns.size()) : turns;
        return new ExternalRecord(
                space, name, cli, command, project, directory, worktree, branch, base, taskId, prompt, socket, session,
                startedAt, exitedAt, persona, nudges, channel, thread, all);
    }

    ExternalRecord exited(Instant at) {
        return new ExternalRecord(
                space, name, cli, command, project, directory, worktree, branch, base, taskId, prompt, socket, session,
                startedAt, at, persona, nudges, channel, thread, turns);
    }

    ExternalRecord nudged(Nudge n) {
        List<Nudge> all = new java.util.ArrayList<>(nudges);
        all.add(n);
        // bounded: the last 50 are plenty for 'dispatch agent list' and the per-lease limit
        if (all.size() > 50) all = all.subList(all.size() - 50, all.size());
        return new ExternalRecord(
                space, name, cli, command, project, directory, worktree, branch, base, taskId, prompt, socket, session,
                startedAt, exitedAt, persona, all, channel, thread, turns);
    }
}
