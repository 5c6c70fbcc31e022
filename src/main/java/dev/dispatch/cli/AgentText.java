package dev.dispatch.cli;

import dev.dispatch.protocol.AgentOps.AgentDetail;
import dev.dispatch.protocol.AgentOps.AgentList;
import dev.dispatch.protocol.AgentOps.AgentView;
import dev.dispatch.protocol.AgentOps.RegisterResult;
import dev.dispatch.protocol.AgentOps.RemoveResult;
import dev.dispatch.protocol.AgentOps.StatusChange;
import dev.dispatch.protocol.AgentOps.StatusResult;
import java.io.PrintWriter;
import java.util.List;

/**
 * The text output of the {@code agent} commands, shared by their picocli commands and {@link SocketLane}
 * so both print the same bytes; free of picocli and Jackson, and of lambdas (each costs the lane a
 * bootstrap at start-up).
 */
final class AgentText {
    private AgentText() {}

    static void registered(RegisterResult a, PrintWriter out) {
        out.println("registered " + a.agent().name() + " (" + a.agent().id() + ") in space "
                + a.agent().space());
        out.println("token: " + a.token());
        out.println("Keep the token: it is shown only now.");
        out.flush();
    }

    static void list(AgentList l, PrintWriter out) {
        table(l.agents()).print(out);
    }

    static Table table(List<AgentView> agents) {
        Table t = new Table(
                "NAME",
                "STATUS",
                "LIVENESS",
                "RUNNING",
                "DRAINED",
                "PARENT",
                "DEPTH",
                "KIND",
                "MODEL",
                "TEMPLATE",
                "DETACHED",
                "CAPABILITIES",
                "SUMMARY");
        for (AgentView a : agents) {
            t.row(
                    a.name(),
                    a.status(),
                    a.liveness(),
                    a.running() + "/" + a.maxConcurrent(),
                    a.drained() ? "yes" : "no",
                    a.parent(),
                    a.depth(),
                    a.kind(),
                    a.model(),
                    a.template(),
                    a.detached() ? "yes" : "no",
                    a.capabilities(),
                    a.summary());
        }
        return t;
    }

    static void show(AgentDetail d, PrintWriter out) {
        AgentView a = d.agent();
        Table.fields(
                out,
                "name",
                a.name(),
                "id",
                a.id(),
                "space",
                a.space(),
                "role",
                a.role(),
                "status",
                a.status(),
                "liveness",
                a.liveness(),
                "drained",
                a.drained() ? "yes" : "no",
                "running",
                a.running() + "/" + a.maxConcurrent(),
                "kind",
                a.kind(),
                "parent",
                a.parent(),
                "depth",
                a.depth(),
                "model",
                a.model(),
                "template",
                a.template(),
                "detached",
                a.detached() ? "yes" : "no",
                "session",
                a.sessionId(),
                "children",
                a.children(),
                "capabilities",
                a.capabilities(),
                "summary",
                a.summary(),
                "branch",
                a.branch(),
                "pr",
                a.pr(),
                "phase",
                a.phase(),
                "blocker",
                a.blocker(),
                "next",
                a.next(),
                "last seen",
                a.lastSeenAt(),
                "heartbeat",
                a.heartbeatIntervalSeconds() + "s");
        out.println();
        Table h = new Table("AT", "STATUS", "PHASE", "SUMMARY", "BLOCKER");
        for (StatusChange s : d.history()) h.row(s.at(), s.status(), s.phase(), s.summary(), s.blocker());
        h.print(out);
    }

    static void status(StatusResult s, PrintWriter out) {
        line(out, s.agent().name() + ": " + s.agent().status() + (s.changed() ? "" : " (unchanged)"));
    }

    static void heartbeat(AgentView v, PrintWriter out) {
        line(out, v.name() + ": " + v.liveness() + ", last seen " + Table.cell(v.lastSeenAt()));
    }

    static void drained(AgentView v, PrintWriter out) {
        line(out, v.name() + ": drained");
    }

    static void undrained(AgentView v, PrintWriter out) {
        line(out, v.name() + ": taking tasks");
    }

    static void removed(RemoveResult v, PrintWriter out) {
        line(
                out,
                "removed " + v.name()
                        + (v.orphanedChildren().isEmpty()
                                ? ""
                                : "; children without a parent now: " + v.orphanedChildren()));
    }

    /** One line, flushed: the one-line answers of the coordination commands. */
    static void line(PrintWriter out, String text) {
        out.println(text);
        out.flush();
    }
}
