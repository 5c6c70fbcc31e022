package dev.dispatch.protocol;

import java.time.Instant;
import java.util.List;

/**
 * What in-process agents emit while they work. Transient (not journaled, seq 0): faces fold them
 * into view models; the session store records the durable parts (messages, tool calls, usage).
 */
public final class RuntimeEvents {
    private RuntimeEvents() {}

    /**
     * An agent was created (a child names its parent). {@code template} is the agent template it runs
     * (null: none); {@code detached} is true for a child with its own user-facing thread.
     */
    public record AgentStarted(
            String agentId,
            String parentAgentId,
            String name,
            String sessionId,
            String model,
            String provider,
            Instant startedAt,
            String template,
            boolean detached)
            implements AgentEvent {
        /** An attached agent whose template is its name. */
        public AgentStarted(
                String agentId,
                String parentAgentId,
                String name,
                String sessionId,
                String model,
                String provider,
                Instant startedAt) {
            this(agentId, parentAgentId, name, sessionId, model, provider, startedAt, name, false);
        }
    }

    /** An agent's status changed; {@code detail} explains waits (e.g. "key 'work' cools down until 12:05"). */
    public record AgentStateChanged(String agentId, AgentStatus status, String detail) implements AgentEvent {}

    /** The operator's (or parent's) text was handed to the agent as a user message. */
    public record UserMessageDelivered(String agentId, String text) implements AgentEvent {}

    /** A model turn began. */
    public record TurnStarted(String agentId, int turn) implements AgentEvent {}

    /** A piece of the model's answer, as it streams. */
    public record TextDelta(String agentId, String text) implements AgentEvent {}

    /** The model asked for a tool; {@code argumentsJson} is complete. */
    public record ToolCallStarted(String agentId, String callId, String tool, String argumentsJson)
            implements AgentEvent {}

    /** Streamed output of a running tool (shell stdout/stderr). */
    public record ToolOutput(String agentId, String callId, String stream, String chunk) implements AgentEvent {}

    /**
     * A tool finished; {@code exitCode} is set for shell commands; {@code diff}, for write_file and
     * edit_file, is the unified diff the call made (null when there is none to show), for faces only.
     */
    public record ToolCallFinished(
            String agentId, String callId, String tool, String result, boolean failed, Integer exitCode, String diff)
            implements AgentEvent {
        /** A call that changed no file (or a face that does not care): no {@code diff}. */
        public ToolCallFinished(
                String agentId, String callId, String tool, String result, boolean failed, Integer exitCode) {
            this(agentId, callId, tool, result, failed, exitCode, null);
        }
    }

    /** Tokens and cost of one model call. */
    public record UsageRecorded(
            String agentId,
            String model,
            long inputTokens,
            long outputTokens,
            long cacheReadTokens,
            long cacheWriteTokens,
            double costUsd)
            implements AgentEvent {}

    /** A model turn ended; {@code stopReason} as the provider said (end_turn, tool_use, max_tokens). */
    public record TurnEnded(String agentId, int turn, String stopReason) implements AgentEvent {}

    /**
     * A tool call is paused until the user answers (once / session / always / deny); {@code ancestry}
     * names the asking agent in its tree ({@code main › planner › researcher}), since any agent's
     * prompt goes to the user, never to a parent model.
     */
    public record PermissionRequested(
            String requestId,
            String agentId,
            String tool,
            String operation,
            List<String> paths,
            String command,
            String reason,
            Instant requestedAt,
            String ancestry)
            implements AgentEvent {
        public PermissionRequested {
            ancestry = ancestry == null || ancestry.isBlank() ? agentId : ancestry;
        }

        /** A prompt whose ancestry is just the agent itself. */
        public PermissionRequested(
                String requestId,
                String agentId,
                String tool,
                String operation,
                List<String> paths,
                String command,
                String reason,
                Instant requestedAt) {
            this(requestId, agentId, tool, operation, paths, command, reason, requestedAt, agentId);
        }
    }

    /** A permission prompt was answered (by the operator, a rule, or the mode). */
    public record PermissionResolved(String requestId, String agentId, PermissionAnswer decision, String note)
            implements AgentEvent {}

    /**
     * A detached agent asks the user ({@code ask_user}) and waits; {@code ancestry} names it in its tree
     * ({@code main › planner}); answer with {@link SessionOps.AnswerQuestion}.
     */
    public record QuestionAsked(
            String questionId, String agentId, String ancestry, String question, List<String> options, Instant askedAt)
            implements AgentEvent {}

    /** A question was answered, or withdrawn ({@code withdrawn}: its agent was cancelled). */
    public record QuestionAnswered(String questionId, String agentId, String answer, boolean withdrawn)
            implements AgentEvent {}

    /** The agent finished its work: {@code status} DONE, ERROR or CANCELLED; {@code result} its last answer. */
    public record AgentFinished(String agentId, AgentStatus status, String result, String error)
            implements AgentEvent {}
}
