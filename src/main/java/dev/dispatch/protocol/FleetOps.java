package dev.dispatch.protocol;

import java.time.Instant;
import java.util.List;

/**
 * External agents (Claude Code, Codex, aider, a shell, any command) that Dispatch runs in tmux and
 * supervises as members of a space: spawn, inspect, talk to, stop; file-overlap conflicts between them;
 * and the fleet file that exports and imports a team. Served by the store's owner, which supervises.
 */
public final class FleetOps {
    private FleetOps() {}

    /** What an external agent is doing, from its pane and heartbeats. */
    public enum State {
        working,
        idle,
        waiting_for_input,
        exited
    }

    /**
     * Start {@code cli} (a catalog name: claude, codex, aider, shell; or any command line) as agent
     * {@code name} in a detached tmux session, registered in {@code space} with its own token. With
     * {@code worktree} it runs in a new git worktree of the repository holding {@code project}. With
     * {@code persona} (NAME or NAME@VERSION) its first prompt is the rendered ignition template.
     */
    public record SpawnExternalAgent(
            String space,
            String name,
            String cli,
            String project,
            boolean worktree,
            String taskId,
            String prompt,
            String persona)
            implements Op<ExternalAgent> {}

    /**
     * One external agent as every face shows it; never its token. {@code persona} is NAME@VERSION when it
     * was started with one; {@code nudges} counts the stale-lease reminders it was sent. {@code channel} is
     * how prompts reach it: {@code tmux} (pasted into its pane) or {@code exec} (one {@code codex exec
     * --json} run per prompt, resuming Codex session {@code thread}; {@code turns} are its last prompts).
     */
    public record ExternalAgent(
            String space,
            String name,
            String cli,
            List<String> command,
            String session,
            String socket,
            String directory,
            String worktree,
            String branch,
            String base,
            String taskId,
            String persona,
            State state,
            String stateReason,
            Instant startedAt,
            Instant lastActivityAt,
            int nudges,
            Instant lastNudgeAt,
            String channel,
            String thread,
            List<Turn> turns) {}

    /**
     * One prompt through the exec channel: {@code source} is spawn, send, messages (its unread Dispatch
     * messages, pushed when it was idle) or nudge; {@code state} queued, running, completed or failed.
     * Accepted: the CLI started the turn carrying it; consumed: the model answered a request carrying it.
     */
    public record Turn(
            int number,
            String source,
            String state,
            Instant queuedAt,
            Instant acceptedAt,
            Instant consumedAt,
            Instant endedAt,
            String detail) {}

    /** External agents of {@code space} (all spaces when null). */
    public record ListExternalAgents(String space) implements Op<ExternalList> {}

    public record ExternalList(List<ExternalAgent> agents) {}

    /** The last {@code lines} lines of the agent's pane (capture-pane). */
    public record PeekExternalAgent(String space, String name, Integer lines) implements Op<PaneText> {}

    public record PaneText(String name, State state, String text) {}

    /**
     * Give {@code text} to the agent. Over tmux: pasted into its pane (load-buffer + paste-buffer on its own
     * socket), then Enter; {@code delivered} once the pane changed. Over exec: its next prompt, run at once
     * when it is idle ({@code delivered} once the CLI accepted it) or queued behind the running turn.
     */
    public record SendToExternalAgent(String space, String name, String text) implements Op<SendResult> {}

    /** {@code channel} tmux or exec; over exec {@code turn} is the prompt's number and {@code state} its state. */
    public record SendResult(
            String name, boolean delivered, String detail, String channel, Integer turn, String state) {}

    /** Stop the agent: C-c and its CLI's exit line, then kill the session after {@code graceSeconds}. */
    public record StopExternalAgent(String space, String name, Integer graceSeconds) implements Op<StopResult> {}

    public record StopResult(String name, boolean graceful, boolean unregistered, String detail) {}

    /** What {@code dispatch attach} runs: tmux on the agent's own socket. */
    public record AttachExternalAgent(String space, String name) implements Op<AttachTarget> {}

    public record AttachTarget(String name, String socket, String session, List<String> command) {}

    /** Paths two agents both change (worktree diffs against their bases) or that one changes under another's lock. */
    public record ListConflicts(String space) implements Op<ConflictList> {}

    /**
     * One overlap: {@code kind} is {@code both-changed} (two worktrees change {@code path}) or
     * {@code locked-by-other} ({@code agents[0]} changes a path {@code agents[1]} holds a lock on).
     */
    public record Conflict(String path, String kind, List<String> agents, String detail) {}

    public record ConflictList(List<Conflict> conflicts) {}

    /**
     * May {@code agent} change {@code path} (absolute, or relative to the agent's directory)? Asked by the
     * PreToolUse hook {@code dispatch spawn} installs for Claude Code before every Edit/Write/Bash, and
     * usable by any agent: refused when another agent holds a lock whose pattern covers the path.
     */
    public record ReservePath(String space, String agent, String path) implements Op<Reservation> {}

    /**
     * The answer: {@code allowed}, else who holds which pattern until when. {@code path} is the path as
     * compared against lock patterns (relative to the agent's directory when it lies inside it).
     */
    public record Reservation(
            boolean allowed,
            String path,
            String holder,
            String pattern,
            String lockId,
            Instant expiresAt,
            String reason) {}

    /**
     * {@code agent} (an in-process agent: write_file, edit_file) changed {@code path} in {@code project}
     * (absolute, or relative to it); remembered as its change for overlap conflicts, outside any worktree.
     */
    public record ReportEdits(String space, String agent, String project, String path) implements Op<EditedResult> {}

    /** The path as conflicts name it (relative to the project), and the overlaps it is part of now. */
    public record EditedResult(String path, List<Conflict> conflicts) {}

    /** The space's team as a fleet file (YAML): agents, templates, external agents, open tasks; no secrets. */
    public record ExportFleet(String space, String project) implements Op<FleetFile> {}

    public record FleetFile(String yaml) {}

    /**
     * Create what {@code yaml} describes in {@code space}; {@code dryRun} only says what it would create.
     * External agents are started (in {@code project}) only with {@code spawn}. {@code file} names the
     * file in problems ({@code fleet.yaml:7: …}).
     */
    public record ImportFleet(String space, String project, String file, String yaml, boolean dryRun, boolean spawn)
            implements Op<ImportResult> {}

    /** What an import created (or would): one line each, e.g. {@code agent reviewer}. */
    public record ImportResult(boolean dryRun, List<String> actions, List<String> skipped) {}
}
