package dev.dispatch.cli;

import dev.dispatch.protocol.FleetOps.ConflictList;
import dev.dispatch.protocol.FleetOps.ExternalAgent;
import dev.dispatch.protocol.FleetOps.ExternalList;
import dev.dispatch.protocol.WorktreeOps.MergeResult;
import dev.dispatch.protocol.WorktreeOps.WorktreeList;
import java.io.PrintWriter;

/** How external agents, worktrees and conflicts read as text. */
final class ExternalText {
    private ExternalText() {}

    static void agents(ExternalList l, PrintWriter out) {
        Columns t = new Columns(
                "NAME", "STATE", "CLI", "SPACE", "WORKTREE", "PERSONA", "NUDGES", "CHANNEL", "LAST TURN", "SESSION");
        for (ExternalAgent a : l.agents())
            t.row(
                    a.name(),
                    label(a),
                    a.cli(),
                    a.space(),
                    a.worktree() == null ? "-" : a.branch(),
                    a.persona() == null ? "-" : a.persona(),
                    a.nudges(),
                    a.channel() == null ? "tmux" : a.channel(),
                    lastTurn(a),
                    a.session());
        t.print(out);
    }

    /** The exec channel's last prompt: its number, state and how far it got ({@code 2 running, accepted}). */
    static String lastTurn(ExternalAgent a) {
        if (a.turns() == null || a.turns().isEmpty()) return "-";
        var t = a.turns().getLast();
        String how = t.consumedAt() != null ? ", consumed" : t.acceptedAt() != null ? ", accepted" : "";
        return t.number() + " " + t.state() + how;
    }

    static String label(ExternalAgent a) {
        return a.state().name().replace('_', ' ');
    }

    static void spawned(ExternalAgent a, PrintWriter out) {
        out.printf("spawned %s (%s) in tmux session %s, space %s%n", a.name(), a.cli(), a.session(), a.space());
        if (a.worktree() != null)
            out.printf("  worktree %s on branch %s (base %s)%n", a.worktree(), a.branch(), shortId(a.base()));
        else out.printf("  directory %s%n", a.directory());
        if (a.taskId() != null) out.printf("  task %s claimed for it%n", a.taskId());
        out.printf(
                "  attach: dispatch attach %s   peek: dispatch peek %s   stop: dispatch stop %s%n",
                a.name(), a.name(), a.name());
        out.flush();
    }

    static void worktrees(WorktreeList l, PrintWriter out) {
        Columns t = new Columns("NAME", "BRANCH", "BASE", "AHEAD", "UNCOMMITTED", "PATH");
        for (var w : l.worktrees())
            t.row(
                    w.name(),
                    w.branch(),
                    shortId(w.base()),
                    w.commitsAhead(),
                    w.uncommitted().size(),
                    w.path());
        t.print(out);
    }

    static void merged(MergeResult r, PrintWriter out) {
        if (r.merged()) {
            out.printf(
                    "merged %s into %s (%s): %d path(s)%n",
                    "dispatch/" + r.name(),
                    r.into(),
                    shortId(r.commit()),
                    r.paths().size());
            for (String p : r.paths()) out.println("  " + p);
        } else {
            out.printf("not merged: %s conflicts with %s; nothing was changed%n", "dispatch/" + r.name(), r.into());
            Columns t = new Columns("PATH", "REASON");
            for (var c : r.conflicts()) t.row(c.path(), c.reason());
            t.print(out);
        }
        out.flush();
    }

    static void conflicts(ConflictList l, PrintWriter out) {
        if (l.conflicts().isEmpty()) {
            out.println("no overlapping changes");
            out.flush();
            return;
        }
        Columns t = new Columns("PATH", "KIND", "AGENTS", "DETAIL");
        for (var c : l.conflicts()) t.row(c.path(), c.kind(), String.join(", ", c.agents()), c.detail());
        t.print(out);
    }

    static String shortId(String id) {
        return id == null ? "-" : id.substring(0, Math.min(12, id.length()));
    }
}
