package dev.dispatch.cli;

import dev.dispatch.protocol.AgentOps;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch agent status|heartbeat|drain|undrain|remove}: what changes an agent's state. */
final class AgentStateCommands {
    private AgentStateCommands() {}

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = {
                "Set an agent's status. Omitted fields keep their value (sticky);",
                "history records a row only when something changed."
            })
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Parameters(
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "The agent reporting its status.")
        String name;

        @Option(names = "--status", paramLabel = "S", description = "One of ${COMPLETION-CANDIDATES}.")
        AgentOps.Status status;

        @Option(names = "--summary", paramLabel = "TEXT", description = "One line on what it is doing.")
        String summary;

        @Option(names = "--branch", paramLabel = "B", description = "The git branch it works on.")
        String branch;

        @Option(names = "--pr", paramLabel = "PR", description = "Its pull request (number or URL).")
        String pr;

        @Option(names = "--phase", paramLabel = "P", description = "Free-text phase, e.g. design, build, review.")
        String phase;

        @Option(names = "--blocker", paramLabel = "TEXT", description = "What blocks it (with --status blocked).")
        String blocker;

        @Option(names = "--next", paramLabel = "TEXT", description = "What it will do next.")
        String next;

        @Option(
                names = "--parent",
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "Set the parent agent (a cycle is refused).")
        String parent;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new AgentOps.SetAgentStatus(
                            space.resolve(), name, status, summary, branch, pr, phase, blocker, next, parent),
                    s -> AgentText.status(s, CoordCalls.out(spec)));
            return 0;
        }
    }

    @Command(name = "heartbeat", mixinStandardHelpOptions = true, description = "Record that an agent is alive.")
    static final class Heartbeat implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Parameters(
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "The agent that is alive.")
        String name;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new AgentOps.SendHeartbeat(space.resolve(), name),
                    v -> AgentText.heartbeat(v, CoordCalls.out(spec)));
            return 0;
        }
    }

    @Command(
            name = "drain",
            mixinStandardHelpOptions = true,
            description = "Stop giving an agent new tasks; its running tasks finish.")
    static final class Drain implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Parameters(
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "The agent to drain: it takes no new tasks.")
        String name;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new AgentOps.DrainAgent(space.resolve(), name, AgentOps.Drain.DRAIN),
                    v -> AgentText.drained(v, CoordCalls.out(spec)));
            return 0;
        }
    }

    @Command(name = "undrain", mixinStandardHelpOptions = true, description = "Let a drained agent take tasks again.")
    static final class Undrain implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Parameters(
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "The agent to take new tasks again.")
        String name;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new AgentOps.DrainAgent(space.resolve(), name, AgentOps.Drain.UNDRAIN),
                    v -> AgentText.undrained(v, CoordCalls.out(spec)));
            return 0;
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Remove an agent that holds no claimed task; its children lose their parent.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Parameters(
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "The agent to remove.")
        String name;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new AgentOps.RemoveAgent(space.resolve(), name),
                    v -> AgentText.removed(v, CoordCalls.out(spec)));
            return 0;
        }
    }
}
