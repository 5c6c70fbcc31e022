package dev.dispatch.fleet;

import dev.dispatch.protocol.FleetOps.State;
import java.time.Instant;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Tells what an external agent is doing from its tmux pane: exited when the session or its CLI is
 * gone; working when the pane changed in the last {@link #RECENT_S} seconds or the agent says it is
 * active and its heartbeat is fresh; waiting for input when the last screen line matches its CLI's
 * prompt pattern; else idle.
 */
final class PaneStates {
    static final long RECENT_S = 3;

    /** A state, why, and the pane's last activity (null when unknown). */
    record Reading(State state, String reason, Instant lastActivity) {}

    private PaneStates() {}

    static Reading read(Tmux tmux, String waiting, boolean activeByHeartbeat, Instant now) {
        if (!tmux.alive()) return new Reading(State.exited, "tmux session " + tmux.session() + " is gone", null);
        String info = tmux.display("#{pane_dead} #{pane_dead_status} #{window_activity}");
        if (info == null) return new Reading(State.exited, "tmux session " + tmux.session() + " is gone", null);
        String[] f = info.split(" ");
        Instant activity = parseEpoch(f[f.length - 1]);
        if ("1".equals(f[0])) {
            String status = f.length > 2 ? f[1] : "?";
            return new Reading(State.exited, "the CLI exited (status " + status + ")", activity);
        }
        if (activity != null && now.getEpochSecond() - activity.getEpochSecond() < RECENT_S)
            return new Reading(State.working, "its screen changed at " + activity, activity);
        if (activeByHeartbeat) return new Reading(State.working, "it reported active with a fresh heartbeat", activity);
        if (waiting != null && !waiting.isEmpty()) {
            String text = tmux.capture(5);
            String last = text == null ? "" : lastLine(text);
            if (matches(waiting, last)) return new Reading(State.waiting_for_input, "its prompt is showing", activity);
        }
        return new Reading(State.idle, "no screen change since " + activity, activity);
    }

    /**
     * An exec-channel agent ({@link ExecTurns}): exited when its session is gone; working while a turn runs
     * or one is queued; else idle, waiting for its next prompt (its pane's last run has ended).
     */
    static Reading readExec(Tmux tmux, java.util.List<ExternalRecord.Turn> turns, Instant now) {
        if (!tmux.alive()) return new Reading(State.exited, "tmux session " + tmux.session() + " is gone", null);
        String info = tmux.display("#{window_activity}");
        Instant activity = info == null ? null : parseEpoch(info);
        for (ExternalRecord.Turn t : turns)
            if ("running".equals(t.state()) || "queued".equals(t.state()))
                return new Reading(State.working, "turn " + t.number() + " " + t.state(), activity);
        if (turns.isEmpty()) return new Reading(State.idle, "no prompt yet", activity);
        ExternalRecord.Turn last = turns.getLast();
        return new Reading(
                State.idle, "turn " + last.number() + " " + last.state() + "; waiting for a prompt", activity);
    }

    static String lastLine(String text) {
        String[] lines = text.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) if (!lines[i].isBlank()) return lines[i];
        return "";
    }

    private static boolean matches(String regex, String line) {
        try {
            return Pattern.compile(regex).matcher(line).find();
        } catch (PatternSyntaxException e) {
            return false; // a bad pattern in the catalog only loses the waiting state; config show names it
        }
    }

    private static Instant parseEpoch(String s) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(s.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
