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

    /** Candidate values shown in help and completion; the engine validates. */
    static final class Statuses extends java.util.ArrayList<String> {
        Statuses() {
            super(java.util.List.of("active", "idle", "blocked", "done", "error"));
        }
    }

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

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(
                names = "--status",
                paramLabel = "S",
                completionCandidates = Statuses.class,
                description = "One of ${COMPLETION-CANDIDATES}.")
        String status;

        @Option(names = "--summary", paramLabel = "TEXT")
        String summary;

        @Option(names = "--branch", paramLabel = "B")
        String branch;

        @Option(names = "--pr", paramLabel = "PR")
        String pr;

        @Option(names = "--phase", paramLabel = "P")
        String phase;

        @Option(names = "--blocker", paramLabel = "TEXT")
        String blocker;

        @Option(names = "--next", paramLabel = "TEXT")
        String next;

        @Option(names = "--parent", paramLabel = "P", description = "Set the parent agent (a cycle is refused).")
        String parent;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new AgentOps.StatusParams(
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

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new AgentOps.HeartbeatParams(space.resolve(), name),
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

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new AgentOps.DrainParams(space.resolve(), name, AgentOps.Drain.DRAIN),
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

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new AgentOps.DrainParams(space.resolve(), name, AgentOps.Drain.UNDRAIN),
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

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new AgentOps.RemoveParams(space.resolve(), name),
                    v -> AgentText.removed(v, CoordCalls.out(spec)));
            return 0;
        }
    }
}
