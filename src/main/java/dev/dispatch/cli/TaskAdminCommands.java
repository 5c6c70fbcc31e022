package dev.dispatch.cli;

import dev.dispatch.protocol.TaskOps;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch task cancel|retry|explain}: operator actions on one task. */
final class TaskAdminCommands {
    private TaskAdminCommands() {}

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description = "Cancel a task; a holder's lease stops working (lease_lost).")
    static final class Cancel implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Parameters(paramLabel = "ID", description = "The task, e.g. task_1a2b….")
        String id;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new TaskOps.CancelTask(space.resolve(), id),
                    v -> TaskText.cancelled(v, CoordCalls.out(spec)));
            return 0;
        }
    }

    @Command(
            name = "retry",
            mixinStandardHelpOptions = true,
            description = "Revive a dead, cancelled or waiting task (attempts count from zero again).")
    static final class Retry implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Parameters(paramLabel = "ID", description = "The task, e.g. task_1a2b….")
        String id;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new TaskOps.RetryTask(space.resolve(), id),
                    v -> TaskText.retried(v, CoordCalls.out(spec)));
            return 0;
        }
    }

    @Command(
            name = "explain",
            mixinStandardHelpOptions = true,
            description = {
                "Why a task is or isn't ready, and each agent's score:",
                "capability match x availability x priority weight."
            })
    static final class Explain implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Parameters(paramLabel = "ID", description = "The task, e.g. task_1a2b….")
        String id;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new TaskOps.ExplainTask(space.resolve(), id),
                    e -> TaskText.explain(e, CoordCalls.out(spec)));
            return 0;
        }
    }
}
