package dev.dispatch.protocol;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Requests about the task queue (ARCHITECTURE.md §6): enqueue with idempotency key and dependencies,
 * one-winner claims that return an attempt and a lease, lease-fenced progress/complete/fail, cancel,
 * retry and explain.
 */
public final class TaskOps {
    private TaskOps() {}

    /**
     * Where a task is in its life. On the wire and in the store a status is its constant's name, so
     * the JSON is the lowercase word each constant is spelled as.
     */
    public enum Status {
        /** Waiting for its dependencies ({@code after}) to be done. */
        pending,
        /** Claimable now: every dependency is done and no backoff is running. */
        ready,
        /** Taken by an agent that holds its lease. */
        claimed,
        /** Backing off after a failed attempt until {@code retryAt}; then ready again. */
        waiting,
        /** Completed by its lease holder. */
        done,
        /** Used up its attempts; {@code task retry} revives it. */
        dead,
        /** Cancelled before it finished; {@code task retry} revives it. */
        cancelled;

        /** Whether the task has ended: done, dead or cancelled (no agent will take it). */
        public boolean finished() {
            return this == done || this == dead || this == cancelled;
        }

        /** Every status name, in the order a task normally moves through them, for help and error text. */
        public static List<String> names() {
            return Arrays.stream(values()).map(Enum::name).toList();
        }
    }

    /** Enqueues a task; with a {@code key} already used in the space, answers the existing task. */
    public record AddTask(
            String space,
            String title,
            String description,
            String queue,
            Integer priority,
            List<String> capabilities,
            List<String> after,
            Integer leaseSeconds,
            Integer maxAttempts,
            String key,
            String parent)
            implements Op<AddResult> {}

    /** {@code created} is false when an idempotency key matched an existing task. */
    public record AddResult(TaskView task, boolean created) {}

    /** Tasks of a space, optionally narrowed; newest first, at most {@code limit}. */
    public record ListTasks(String space, Status status, String queue, String assignee, Integer limit)
            implements Op<TaskList> {}

    public record TaskList(List<TaskView> tasks) {}

    /** Tasks that a claim could take now, in claim order. */
    public record ListReadyTasks(String space, String queue, Integer limit) implements Op<TaskList> {}

    public record ShowTask(String space, String id) implements Op<TaskDetail> {}

    /** A task with its full history (claims, rescues, failures with their errors, …). */
    public record TaskDetail(TaskView task, List<HistoryEntry> history) {}

    /** Claims the best ready task for {@code agent}; {@code nothing_to_do} when none is. */
    public record ClaimNextTask(String space, String agent, String queue) implements Op<ClaimResult> {}

    /** Claims one named task for {@code agent}. */
    public record ClaimTask(String space, String id, String agent) implements Op<ClaimResult> {}

    /** The claimed task, the attempt number (1 on the first claim) and the lease that fences it. */
    public record ClaimResult(TaskView task, int attempt, String lease, Instant leaseExpiresAt) {}

    /** Extends the lease by the task's lease length; only the current lease may. */
    public record ReportProgress(String space, String id, String lease, String note) implements Op<TaskView> {}

    public record CompleteTask(String space, String id, String lease, String result) implements Op<TaskView> {}

    /** Records a failure: retried after backoff until max attempts, then dead. */
    public record FailTask(String space, String id, String lease, String error, Retry retry) implements Op<TaskView> {}

    public enum Retry {
        ALLOWED,
        NO_RETRY
    }

    public record CancelTask(String space, String id) implements Op<TaskView> {}

    /** Revives a dead, cancelled or waiting task: ready now, attempts counted from zero again. */
    public record RetryTask(String space, String id) implements Op<TaskView> {}

    public record ExplainTask(String space, String id) implements Op<Explanation> {}

    /** Why a task is or isn't ready, and how each agent of the space scores for it. */
    public record Explanation(TaskView task, boolean ready, List<String> reasons, List<Candidate> candidates) {}

    /**
     * One agent's fitness: {@code score = capabilityMatch × availability × priorityWeight};
     * {@code reasons} say why a factor is zero.
     */
    public record Candidate(
            String agent,
            double capabilityMatch,
            double availability,
            double priorityWeight,
            double score,
            List<String> reasons) {}

    /**
     * A task as every face shows it; its {@link Status} says where it is ({@code retryAt} is set
     * while it is waiting). The lease token is never shown here: only the claimer receives it.
     */
    public record TaskView(
            String id,
            String space,
            String title,
            String description,
            String queue,
            int priority,
            List<String> capabilities,
            List<String> after,
            String parent,
            String key,
            Status status,
            String assignee,
            int attempt,
            int maxAttempts,
            int leaseSeconds,
            Instant leaseExpiresAt,
            Instant retryAt,
            String result,
            String lastError,
            Instant createdAt,
            Instant claimedAt,
            Instant finishedAt) {}

    /** One history row: kind is added, claimed, progressed, completed, failed, rescued, dead, … */
    public record HistoryEntry(Instant at, String kind, int attempt, String agent, String detail) {}

    // the journal events of the task queue (docs/cli-json.md): the wire name is the record's name

    /** A task was enqueued; {@code status} is {@code ready} or {@code pending} (waiting for dependencies). */
    public record TaskAdded(String id, String title, String queue, int priority, Status status) implements Journaled {}

    /** A claim took the task: attempt {@code attempt}, its lease running until {@code leaseExpiresAt}. */
    public record TaskClaimed(String id, int attempt, Instant leaseExpiresAt) implements Journaled {}

    /** The lease holder reported progress; the lease now runs until {@code leaseExpiresAt}. */
    public record TaskProgressed(String id, Instant leaseExpiresAt, String note) implements Journaled {}

    public record TaskCompleted(String id, int attempt) implements Journaled {}

    /** An attempt failed; {@code retryAt} is null when it was the last attempt (a {@link TaskDead} follows). */
    public record TaskFailed(String id, int attempt, String error, Instant retryAt) implements Journaled {}

    /** A lease expired (or its in-process agent ended) and the task went back to the queue or died. */
    public record TaskRescued(String id, int attempt, String previousAgent) implements Journaled {}

    /** The task used up its attempts. */
    public record TaskDead(String id, int attempts) implements Journaled {}

    /** A waiting task became claimable: {@code dependencies done} or {@code backoff elapsed}. */
    public record TaskReady(String id, String reason) implements Journaled {}

    /** {@code was}: the status it was cancelled from. */
    public record TaskCancelled(String id, Status was) implements Journaled {}

    /** A dead, failed or cancelled task was queued again ({@code status} it is in now). */
    public record TaskRetried(String id, Status was, Status status) implements Journaled {}

    /** The journal events of this domain, one record each (a face can take them all in one case). */
    public sealed interface Journaled extends JournalPayload
            permits TaskAdded,
                    TaskClaimed,
                    TaskProgressed,
                    TaskCompleted,
                    TaskFailed,
                    TaskRescued,
                    TaskDead,
                    TaskReady,
                    TaskCancelled,
                    TaskRetried {}
}
