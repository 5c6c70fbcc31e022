package dev.dispatch.cli;

import dev.dispatch.protocol.SessionBrowseOps;
import dev.dispatch.protocol.SessionBrowseOps.MessageView;
import dev.dispatch.protocol.SessionBrowseOps.SessionDetail;
import dev.dispatch.protocol.SessionBrowseOps.SessionInfo;
import dev.dispatch.protocol.SessionBrowseOps.UsageLine;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch sessions show|export}: one session's transcript with the tree of its child agents'
 * transcripts and its cost by model and key, as text, JSON or Markdown.
 */
final class SessionsShowCommand {
    private SessionsShowCommand() {}

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "A session's metadata, cost by model and key, and transcript with its child agents'.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "Session id (see 'dispatch sessions list').")
        String id;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CoordCalls.run(spec, json, new SessionBrowseOps.ShowSession(SessionsCommand.space(space), id), d -> {
                PrintWriter out = spec.commandLine().getOut();
                text(out, d, "");
                out.flush();
            });
            return ExitCode.OK.code();
        }

        static void text(PrintWriter out, SessionDetail d, String indent) {
            SessionInfo s = d.session();
            out.println(indent + "session " + s.id() + "  " + (s.title() == null ? "" : s.title()));
            out.println(indent + "  project " + s.projectRoot() + " · model " + s.model() + " (" + s.provider()
                    + ") · " + s.status() + " · " + s.messageCount() + " messages · "
                    + (s.inputTokens() + s.outputTokens()) + " tokens · " + String.format("$%.4f", s.costUsd()));
            if (s.forkedAtSeq() != null)
                out.println(indent + "  forked from " + s.parentSessionId() + " at message " + s.forkedAtSeq());
            for (UsageLine u : d.usage())
                out.println(indent + "  cost " + u.model() + " (" + u.provider() + ") key "
                        + (u.keyId() == null ? "-" : u.keyId()) + ": " + u.inputTokens() + " in, " + u.outputTokens()
                        + " out, " + String.format("$%.4f", u.costUsd()));
            for (SessionBrowseOps.NoteView n : d.notes())
                out.println(
                        indent + "  note " + SessionsCommand.WHEN.format(n.at()) + " " + n.kind() + ": " + n.text());
            for (SessionBrowseOps.AgentView a : d.agents()) agent(out, a, indent + "  ");
            for (MessageView m : d.messages()) {
                out.println(indent + "  [" + m.id() + "] " + m.role() + " · " + SessionsCommand.WHEN.format(m.at()));
                for (String line : (m.text() == null ? "" : m.text()).split("\n", -1))
                    out.println(indent + "    " + line);
            }
            for (SessionDetail child : d.children()) text(out, child, indent + "    ");
        }
    }

    /**
     * One agent as last stored: a stored busy status that no running agent here backs is said to have
     * stopped with its owner (a kill -9, a crash, or another owner's agent).
     */
    static void agent(PrintWriter out, SessionBrowseOps.AgentView a, String indent) {
        boolean over = a.status().equals("done")
                || a.status().equals("error")
                || a.status().equals("cancelled");
        String state = a.status() + (a.live() || over ? "" : " when its owner stopped (not running here)");
        out.println(indent + "agent " + a.name() + " (" + a.agentId() + ")"
                + (a.parentAgentId() == null ? "" : " child of " + a.parentAgentId())
                + (a.template() == null ? "" : " · template " + a.template()) + " · " + a.model() + " ("
                + a.provider() + ")" + (a.detached() ? " · detached" : "") + " · " + state
                + (a.detail() == null || a.detail().isBlank() ? "" : ": " + a.detail()));
        if (!a.grants().isEmpty()) out.println(indent + "  grants " + String.join(", ", a.grants()));
        for (SessionBrowseOps.TaskView t : a.tasks())
            out.println(indent + "  task " + t.id() + " [" + t.status() + "] " + t.title());
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Write a session (with its child agents' transcripts) as Markdown or JSON to stdout.")
    static final class Export implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "Session id.")
        String id;

        @Option(
                names = "--format",
                paramLabel = "F",
                defaultValue = "markdown",
                description = "markdown or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Mixin
        SpaceMixin space;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (!format.equals("markdown") && !format.equals("json"))
                throw new CliException(ExitCode.USAGE, "--format " + format + " is not markdown or json");
            SessionDetail d =
                    CoordCalls.submit(spec, new SessionBrowseOps.ShowSession(SessionsCommand.space(space), id));
            PrintWriter out = spec.commandLine().getOut();
            if (format.equals("json")) CoordCalls.json(spec, d);
            else markdown(out, d, 1);
            out.flush();
            return ExitCode.OK.code();
        }

        static void markdown(PrintWriter out, SessionDetail d, int level) {
            SessionInfo s = d.session();
            String h = "#".repeat(Math.min(6, level));
            out.println(h + " " + (s.title() == null || s.title().isBlank() ? s.id() : s.title()));
            out.println();
            out.println("- session: `" + s.id() + "`");
            out.println("- project: `" + s.projectRoot() + "`");
            out.println("- model: " + s.model() + " (" + s.provider() + ")");
            out.println("- created: " + s.createdAt() + ", updated: " + s.updatedAt());
            out.println("- messages: " + s.messageCount() + ", tokens: " + (s.inputTokens() + s.outputTokens())
                    + ", cost: " + String.format("$%.4f", s.costUsd()));
            out.println();
            for (MessageView m : d.messages()) {
                out.println(h + "# " + m.role() + " (" + m.id() + ")");
                out.println();
                out.println(m.text() == null ? "" : m.text());
                out.println();
            }
            for (SessionDetail child : d.children()) markdown(out, child, level + 1);
        }
    }
}
