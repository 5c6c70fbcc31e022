package dev.dispatch.cli;

import dev.dispatch.protocol.TaskOps;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dispatch task …}: the task queue. Enqueue and inspect here; claims in {@link TaskClaimCommands}. */
@Command(
        name = "task",
        mixinStandardHelpOptions = true,
        description = "Queue work, claim it under a lease, and complete or fail it.")
public final class TaskCommand extends GroupCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Enqueue a task.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Parameters(paramLabel = "TITLE", description = "One line saying what to do.")
        String title;

        @Option(names = "--description", paramLabel = "TEXT", description = "The details a worker needs.")
        String description;

        @Option(names = "--queue", paramLabel = "Q", description = "Queue name (default: default).")
        String queue;

        @Option(names = "--priority", paramLabel = "N", description = "0..1000, higher first (default 0).")
        Integer priority;

        @Option(names = "--capability", paramLabel = "C", description = "Required capability (repeatable).")
        List<String> capabilities;

        @Option(names = "--after", paramLabel = "ID", description = "Only after this task is done (repeatable).")
        List<String> after;

        @Option(names = "--lease-seconds", paramLabel = "S", description = "Lease length (default 300).")
        Integer leaseSeconds;

        @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts before dead (default 3).")
        Integer maxAttempts;

        @Option(
                names = "--key",
                paramLabel = "IDEMPOTENCY",
                description = "Enqueue once per key: a repeat returns the first task.")
        String key;

        @Option(names = "--parent", paramLabel = "ID", description = "Parent task.")
        String parent;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new TaskOps.AddTask(
                            space.resolve(),
                            title,
                            description,
                            queue,
                            priority,
                            capabilities,
                            after,
                            leaseSeconds,
                            maxAttempts,
                            key,
                            parent),
                    a -> TaskText.added(a, CoordCalls.out(spec)));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tasks, newest first.")
    static final class ListTasks implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Option(
                names = "--status",
                paramLabel = "S",
                description = "Only tasks in this state: ${COMPLETION-CANDIDATES}.")
        TaskOps.Status status;

        @Option(names = "--queue", paramLabel = "Q", description = "Only tasks in this queue.")
        String queue;

        @Option(
                names = "--agent",
                paramLabel = "NAME",
                completionCandidates = Candidates.Agents.class,
                description = "Only tasks this agent holds.")
        String agent;

        /** The old spelling of {@code --agent}, kept for scripts. */
        @Option(names = "--assignee", paramLabel = "NAME", hidden = true, description = "Same as --agent.")
        String assignee;

        @Option(names = "--limit", paramLabel = "N", description = "At most N (default 100).")
        Integer limit;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new TaskOps.ListTasks(
                            space.resolve(), status, queue, AgentName.of(agent, "--assignee", assignee), limit),
                    l -> TaskText.list(l, CoordCalls.out(spec)));
            return 0;
        }
    }

    @Command(
            name = "ready",
            mixinStandardHelpOptions = true,
            description = "List tasks a claim could take now, in claim order.")
    static final class Ready implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JsonMixin json;

        @Mixin
        SpaceMixin space;

        @Option(names = "--queue", paramLabel = "Q", description = "Only tasks in this queue.")
        String queue;

        @Option(names = "--limit", paramLabel = "N", description = "At most N (default 100).")
        Integer limit;

        @Override
        public Integer call() {
            CoordCalls.run(
                    spec,
                    json,
                    new TaskOps.ListReadyTasks(space.resolve(), queue, limit),
                    l -> TaskText.list(l, CoordCalls.out(spec)));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a task with its full history.")
    static final class Show implements Callable<Integer> {
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
                    spec, json, new TaskOps.ShowTask(space.resolve(), id), d -> TaskText.show(d, CoordCalls.out(spec)));
            return 0;
        }
    }
}
