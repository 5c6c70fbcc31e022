package dev.dispatch.cli;

import dev.dispatch.protocol.TaskOps.AddResult;
import dev.dispatch.protocol.TaskOps.Candidate;
import dev.dispatch.protocol.TaskOps.ClaimResult;
import dev.dispatch.protocol.TaskOps.Explanation;
import dev.dispatch.protocol.TaskOps.HistoryEntry;
import dev.dispatch.protocol.TaskOps.TaskDetail;
import dev.dispatch.protocol.TaskOps.TaskList;
import dev.dispatch.protocol.TaskOps.TaskView;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The text output of the {@code task} commands, shared by their picocli commands and {@link SocketLane}
 * so both print the same bytes; free of picocli and Jackson, and of lambdas (each costs the lane a
 * bootstrap at start-up).
 */
final class TaskText {
    private TaskText() {}

    static void added(AddResult a, PrintWriter out) {
        AgentText.line(
                out,
                (a.created() ? "added " : "exists (same key) ") + a.task().id() + " ("
                        + a.task().status() + ")");
    }

    static void list(TaskList l, PrintWriter out) {
        Table t = new Table("ID", "STATUS", "QUEUE", "PRI", "ATTEMPT", "ASSIGNEE", "TITLE");
        for (TaskView v : l.tasks()) {
            t.row(
                    v.id(),
                    v.status(),
                    v.queue(),
                    v.priority(),
                    v.attempt() + "/" + v.maxAttempts(),
                    v.assignee(),
                    v.title());
        }
        t.print(out);
    }

    static void show(TaskDetail d, PrintWriter out) {
        TaskView t = d.task();
        Table.fields(
                out,
                "id",
                t.id(),
                "title",
                t.title(),
                "status",
                t.status(),
                "queue",
                t.queue(),
                "priority",
                t.priority(),
                "capabilities",
                t.capabilities(),
                "after",
                t.after(),
                "parent",
                t.parent(),
                "key",
                t.key(),
                "assignee",
                t.assignee(),
                "attempt",
                t.attempt() + " of " + t.maxAttempts(),
                "lease expires",
                t.leaseExpiresAt(),
                "retry at",
                t.retryAt(),
                "last error",
                t.lastError(),
                "result",
                t.result(),
                "created",
                t.createdAt(),
                "description",
                t.description());
        out.println();
        Table h = new Table("AT", "EVENT", "ATTEMPT", "AGENT", "DETAIL");
        for (HistoryEntry e : d.history()) h.row(e.at(), e.kind(), e.attempt(), e.agent(), e.detail());
        h.print(out);
    }

    /** {@code task next} and {@code task claim}. */
    static void claimed(ClaimResult c, PrintWriter out) {
        Table.fields(
                out,
                "claimed",
                c.task().id(),
                "title",
                c.task().title(),
                "attempt",
                c.attempt() + " of " + c.task().maxAttempts(),
                "lease",
                c.lease(),
                "expires",
                c.leaseExpiresAt());
    }

    static void progressed(TaskView v, PrintWriter out) {
        AgentText.line(out, v.id() + ": lease extended to " + Table.cell(v.leaseExpiresAt()));
    }

    static void completed(TaskView v, PrintWriter out) {
        AgentText.line(out, v.id() + ": done");
    }

    static void failed(TaskView v, PrintWriter out) {
        AgentText.line(
                out,
                v.id() + ": " + v.status() + (v.retryAt() == null ? "" : ", retry after " + Table.cell(v.retryAt())));
    }

    static void cancelled(TaskView v, PrintWriter out) {
        AgentText.line(out, v.id() + ": cancelled");
    }

    static void retried(TaskView v, PrintWriter out) {
        AgentText.line(out, v.id() + ": " + v.status());
    }

    static void explain(Explanation e, PrintWriter out) {
        out.println(e.task().id() + " (" + e.task().status() + "): " + e.task().title());
        for (String reason : e.reasons()) out.println("  " + reason);
        out.println();
        Table t = new Table("AGENT", "SCORE", "CAPABILITY", "AVAILABILITY", "PRIORITY", "WHY");
        for (Candidate c : e.candidates()) {
            t.row(
                    c.agent(),
                    fmt(c.score()),
                    fmt(c.capabilityMatch()),
                    fmt(c.availability()),
                    fmt(c.priorityWeight()),
                    String.join("; ", c.reasons()));
        }
        t.print(out);
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
