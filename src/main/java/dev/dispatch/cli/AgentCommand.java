package dev.dispatch.cli;

import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.AgentOps.AgentView;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch agent …}: the agent registry of a space (register, list, show; state in {@link AgentStateCommands}). */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = "Register agents and report their status, liveness and hierarchy.")
public final class AgentCommand extends GroupCommand {

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Register an agent; prints its token once (only a hash is stored).")
    static final class Register implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin JsonMixin json;
        @Mixin SpaceMixin space;

        @Parameters(paramLabel = "NAME", description = "Agent name (letters, digits, . _ : @ -).")
        String name;

        @Option(names = "--capability", paramLabel = "C", description = "A capability (repeatable).")
        List<String> capabilities;

        @Option(names = "--role", paramLabel = "R", description = "Free-text role.")
        String role;

        @Option(names = "--parent", paramLabel = "P", description = "Parent agent.")
        String parent;

        @Option(names = "--max-concurrent", paramLabel = "N", description = "Tasks it may hold at once (default 1).")
        Integer maxConcurrent;

        @Option(names = "--heartbeat-interval", paramLabel = "S",
                description = "Seconds between heartbeats; stale after twice this (default 60).")
        Integer heartbeatInterval;

        @Override
        public Integer call() {
            CoordCalls.run(spec, json, new AgentOps.RegisterParams(space.resolve(), name, capabilities, role, parent,
                    maxConcurrent, heartbeatInterval), a -> {
                PrintWriter out = CoordCalls.out(spec);
                out.println("registered " + a.agent().name() + " (" + a.agent().id() + ") in space " + a.agent().space());
                out.println("token: " + a.token());
                out.println("Keep the token: it is shown only now.");
                out.flush();
            });
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the agents of a space.")
    static final class ListAgents implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin JsonMixin json;
        @Mixin SpaceMixin space;

        @Override
        public Integer call() {
            CoordCalls.run(spec, json, new AgentOps.ListParams(space.resolve()), l -> table(l.agents()).print(CoordCalls.out(spec)));
            return 0;
        }
    }

    static Table table(List<AgentView> agents) {
        Table t = new Table("NAME", "STATUS", "LIVENESS", "RUNNING", "DRAINED", "PARENT", "CAPABILITIES", "SUMMARY");
        for (AgentView a : agents) {
            t.row(a.name(), a.status(), a.liveness(), a.running() + "/" + a.maxConcurrent(), a.drained() ? "yes" : "no",
                    a.parent(), a.capabilities(), a.summary());
        }
        return t;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one agent and its status history.")
    static final class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin JsonMixin json;
        @Mixin SpaceMixin space;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            CoordCalls.run(spec, json, new AgentOps.ShowParams(space.resolve(), name), d -> {
                PrintWriter out = CoordCalls.out(spec);
                AgentView a = d.agent();
                Table.fields(out, "name", a.name(), "id", a.id(), "space", a.space(), "role", a.role(), "status",
                        a.status(), "liveness", a.liveness(), "drained", a.drained() ? "yes" : "no", "running",
                        a.running() + "/" + a.maxConcurrent(), "parent", a.parent(), "children", a.children(),
                        "capabilities", a.capabilities(), "summary", a.summary(), "branch", a.branch(), "pr", a.pr(),
                        "phase", a.phase(), "blocker", a.blocker(), "next", a.next(), "last seen", a.lastSeenAt(),
                        "heartbeat", a.heartbeatIntervalSeconds() + "s");
                out.println();
                Table h = new Table("AT", "STATUS", "PHASE", "SUMMARY", "BLOCKER");
                d.history().forEach(s -> h.row(s.at(), s.status(), s.phase(), s.summary(), s.blocker()));
                h.print(out);
            });
            return 0;
        }
    }
}
