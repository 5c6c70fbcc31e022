package dev.dispatch.cli;

import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.AgentOps.TreeNode;
import dev.dispatch.protocol.AgentOps.Usage;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch agent send|tree}: talk to any agent of a space, and see the agent tree with its spend. */
final class AgentTreeCommands {
    private AgentTreeCommands() {}

    @Command(
            name = "send",
            mixinStandardHelpOptions = true,
            description = {
                "Send TEXT ('-' reads stdin) to the agent ID names (its id or its name in the space).",
                "An agent the engine runs gets it in its conversation at its next tool boundary (at once when"
                        + " idle); an external agent finds it in its inbox, from 'operator'."
            })
    static final class Send implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Parameters(
                index = "0",
                paramLabel = "ID",
                completionCandidates = Candidates.Agents.class,
                description = "The agent: its id (agt_…) or its name (see 'dispatch agent list').")
        String agent;

        @Parameters(index = "1", paramLabel = "TEXT", description = "The message; '-' reads stdin.")
        String text;

        @Override
        public Integer call() {
            String body = CoordArgs.text("message text", text);
            CoordCalls.run(spec, json, new AgentOps.SendToAgent(space.resolve(), agent, body), r -> {
                PrintWriter out = CoordCalls.out(spec);
                out.println(
                        r.delivery().equals("conversation")
                                ? "queued for " + r.name() + " (" + r.id() + "): delivered at its next tool boundary"
                                : "sent " + r.messageId() + " to " + r.name() + "'s inbox");
                out.flush();
            });
            return 0;
        }
    }

    @Command(
            name = "tree",
            mixinStandardHelpOptions = true,
            description = {
                "The agents of a space as a tree (in-process and external), with status, model, and tokens and"
                        + " cost per agent and per subtree (the agent and everything below it)."
            })
    static final class Tree implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec, json, new AgentOps.ShowAgentTree(space.resolve()), t -> print(t, CoordCalls.out(spec)));
            return 0;
        }
    }

    static void print(AgentOps.AgentTree t, PrintWriter out) {
        if (t.roots().isEmpty()) {
            out.println("no agents in this space (agents appear once one runs or registers)");
            out.flush();
            return;
        }
        for (TreeNode n : t.roots()) node(n, "", "", out);
        out.println("total: " + usage(t.total()));
        out.flush();
    }

    private static void node(TreeNode n, String lead, String childLead, PrintWriter out) {
        StringBuilder b = new StringBuilder(lead).append(n.name());
        b.append("  ").append(n.status());
        if ("stale".equals(n.liveness()) && !n.status().finished()) b.append(" (stale)");
        if (n.model() != null) b.append("  ").append(n.model());
        if (n.template() != null && !n.template().equals(n.name()))
            b.append("  template ").append(n.template());
        if (n.detached()) b.append("  detached");
        if ("external".equals(n.kind())) b.append("  external");
        b.append("  ").append(usage(n.self()));
        if (!n.children().isEmpty()) b.append("  subtree ").append(usage(n.subtree()));
        out.println(b);
        for (int i = 0; i < n.children().size(); i++) {
            boolean last = i == n.children().size() - 1;
            node(n.children().get(i), childLead + (last ? "└─ " : "├─ "), childLead + (last ? "   " : "│  "), out);
        }
    }

    static String usage(Usage u) {
        return u.inputTokens() + " in / " + u.outputTokens() + " out, $"
                + String.format(Locale.ROOT, "%.4f", u.costUsd());
    }
}
