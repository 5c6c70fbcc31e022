package dev.dispatch.cli;

import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.FleetOps;
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

    @Command(
            name = "register",
            mixinStandardHelpOptions = true,
            description = "Register an agent; prints its token once (only a hash is stored).")
    static final class Register implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Parameters(paramLabel = "NAME", description = "Agent name (letters, digits, . _ : @ -).")
        String name;

        @Option(names = "--capability", paramLabel = "C", description = "A capability (repeatable).")
        List<String> capabilities;

        @Option(names = "--role", paramLabel = "R", description = "Free-text role.")
        String role;

        @Option(
                names = "--parent",
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "Its parent agent (messages to 'parent' reach it).")
        String parent;

        @Option(names = "--max-concurrent", paramLabel = "N", description = "Tasks it may hold at once (default 1).")
        Integer maxConcurrent;

        @Option(
                names = "--heartbeat-interval",
                paramLabel = "S",
                description = "Seconds between heartbeats; stale after twice this (default 60).")
        Integer heartbeatInterval;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new AgentOps.RegisterAgent(
                            space.resolve(), name, capabilities, role, parent, maxConcurrent, heartbeatInterval),
                    a -> AgentText.registered(a, CoordCalls.out(spec)));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the agents of a space.")
    static final class ListAgents implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Override
        public Integer call() {
            String sp = space.resolve();
            if (json.enabled()) {
                CoordCalls.run(spec, json, new AgentOps.ListRegisteredAgents(sp), l -> {});
                return 0;
            }
            try (Engine engine = EngineAccess.oneShot(spec)) {
                AgentText.list(engine.submit(new AgentOps.ListRegisteredAgents(sp)), CoordCalls.out(spec));
                // external agents (dispatch spawn) with their state: working, idle, waiting for input, exited
                if (!SocketLane.hasExternalAgents(Cli.globals(spec).dirs())) return 0;
                FleetOps.ExternalList external = engine.submit(new FleetOps.ListExternalAgents(sp));
                if (!external.agents().isEmpty()) {
                    CoordCalls.out(spec).println();
                    ExternalText.agents(external, CoordCalls.out(spec));
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one agent and its status history.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Parameters(
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "The agent to show.")
        String name;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new AgentOps.ShowAgent(space.resolve(), name),
                    d -> AgentText.show(d, CoordCalls.out(spec)));
            return 0;
        }
    }
}
