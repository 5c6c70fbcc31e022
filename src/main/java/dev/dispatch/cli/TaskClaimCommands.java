package dev.dispatch.cli;

import dev.dispatch.protocol.TaskOps;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch task next|claim|progress|complete|fail}: the worker loop, fenced by leases. */
final class TaskClaimCommands {
    private TaskClaimCommands() {}

    @Command(
            name = "next",
            mixinStandardHelpOptions = true,
            description = {
                "Claim the best ready task for an agent (priority, then age).",
                "Exit 5 when nothing is ready."
            })
    static final class Next implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Option(
                names = "--agent",
                paramLabel = "NAME",
                required = true,
                completionCandidates = Candidates.Agents.class,
                description = "The agent taking the task.")
        String agent;

        @Option(names = "--queue", paramLabel = "Q", description = "Only this queue (default: any).")
        String queue;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new TaskOps.ClaimNextTask(space.resolve(), agent, queue),
                    c -> TaskText.claimed(c, CoordCalls.out(spec)));
            return 0;
        }
    }

    @Command(name = "claim", mixinStandardHelpOptions = true, description = "Claim one ready task by id.")
    static final class Claim implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Parameters(paramLabel = "ID", description = "The task, e.g. task_1a2b….")
        String id;

        @Option(
                names = "--agent",
                paramLabel = "NAME",
                required = true,
                completionCandidates = Candidates.Agents.class,
                description = "The agent taking the task.")
        String agent;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new TaskOps.ClaimTask(space.resolve(), id, agent),
                    c -> TaskText.claimed(c, CoordCalls.out(spec)));
            return 0;
        }
    }

    @Command(
            name = "progress",
            mixinStandardHelpOptions = true,
            description = "Report progress and extend the lease (the task's heartbeat).")
    static final class Progress implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Parameters(paramLabel = "ID", description = "The task, e.g. task_1a2b….")
        String id;

        @Mixin
        LeaseMixin lease;

        @Option(
                names = "--note",
                paramLabel = "TEXT",
                description = "What was done so far (renews the lease either way).")
        String note;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new TaskOps.ReportProgress(space.resolve(), id, lease.lease, note),
                    v -> TaskText.progressed(v, CoordCalls.out(spec)));
            return 0;
        }
    }

    @Command(name = "complete", mixinStandardHelpOptions = true, description = "Complete a claimed task.")
    static final class Complete implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Parameters(paramLabel = "ID", description = "The task, e.g. task_1a2b….")
        String id;

        @Mixin
        LeaseMixin lease;

        @Option(names = "--result", paramLabel = "TEXT", description = "The outcome, for whoever reads the task.")
        String result;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new TaskOps.CompleteTask(space.resolve(), id, lease.lease, result),
                    v -> TaskText.completed(v, CoordCalls.out(spec)));
            return 0;
        }
    }

    @Command(
            name = "fail",
            mixinStandardHelpOptions = true,
            description = "Fail the current attempt: retried after backoff, dead after max attempts.")
    static final class Fail implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Parameters(paramLabel = "ID", description = "The task, e.g. task_1a2b….")
        String id;

        @Mixin
        LeaseMixin lease;

        @Option(names = "--error", paramLabel = "TEXT", required = true, description = "What went wrong.")
        String error;

        @Option(names = "--no-retry", description = "Dead now, without further attempts.")
        boolean noRetry;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new TaskOps.FailTask(
                            space.resolve(),
                            id,
                            lease.lease,
                            error,
                            noRetry ? TaskOps.Retry.NO_RETRY : TaskOps.Retry.ALLOWED),
                    v -> TaskText.failed(v, CoordCalls.out(spec)));
            return 0;
        }
    }
}
