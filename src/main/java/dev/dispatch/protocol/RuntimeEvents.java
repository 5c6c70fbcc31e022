package dev.dispatch.protocol;

import java.time.Instant;
import java.util.List;

/**
 * What in-process agents emit while they work. Transient (not journaled, seq 0): faces fold them
 * into view models; the session store records the durable parts (messages, tool calls, usage).
 */
public final class RuntimeEvents {
    private RuntimeEvents() {}

    /** An agent was created (a child names its parent). */
    public record AgentStarted(
            String agentId,
            String parentAgentId,
            String name,
            String sessionId,
            String model,
            String provider,
            Instant startedAt)
            implements Event {
        public String type() {
            return "AgentStarted";
        }
    }

    /** An agent's status changed; {@code detail} explains waits (e.g. "key 'work' cools down until 12:05"). */
    public record AgentStatusChanged(String agentId, AgentStatus status, String detail) implements Event {
        public String type() {
            return "AgentStatusChanged";
        }
    }

    /** The operator's (or parent's) text was handed to the agent as a user message. */
    public record UserMessageDelivered(String agentId, String text) implements Event {
        public String type() {
            return "UserMessageDelivered";
        }
    }

    /** A model turn began. */
    public record TurnStarted(String agentId, int turn) implements Event {
        public String type() {
            return "TurnStarted";
        }
    }

    /** A piece of the model's answer, as it streams. */
    public record TextDelta(String agentId, String text) implements Event {
        public String type() {
            return "TextDelta";
        }
    }

    /** The model asked for a tool; {@code argumentsJson} is complete. */
    public record ToolCallStarted(String agentId, String callId, String tool, String argumentsJson) implements Event {
        public String type() {
            return "ToolCallStarted";
        }
    }

    /** Streamed output of a running tool (shell stdout/stderr). */
    public record ToolOutput(String agentId, String callId, String stream, String chunk) implements Event {
        public String type() {
            return "ToolOutput";
        }
    }

    /** A tool finished; {@code exitCode} is set for shell commands. */
    public record ToolCallFinished(
            String agentId, String callId, String tool, String result, boolean failed, Integer exitCode)
            implements Event {
        public String type() {
            return "ToolCallFinished";
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
            implements Event {
        public String type() {
            return "UsageRecorded";
        }
    }

    /** A model turn ended; {@code stopReason} as the provider said (end_turn, tool_use, max_tokens). */
    public record TurnEnded(String agentId, int turn, String stopReason) implements Event {
        public String type() {
            return "TurnEnded";
        }
    }

    /** A tool call is paused until the operator answers (once / session / always / deny). */
    public record PermissionRequested(
            String requestId,
            String agentId,
            String tool,
            String operation,
            List<String> paths,
            String command,
            String reason,
            Instant requestedAt)
            implements Event {
        public String type() {
            return "PermissionRequested";
        }
    }

    /** A permission prompt was answered (by the operator, a rule, or the mode). */
    public record PermissionResolved(String requestId, String agentId, PermissionDecision decision, String note)
            implements Event {
        public String type() {
            return "PermissionResolved";
        }
    }

    /** The agent finished its work: {@code status} DONE, ERROR or CANCELLED; {@code result} its last answer. */
    public record AgentFinished(String agentId, AgentStatus status, String result, String error) implements Event {
        public String type() {
            return "AgentFinished";
        }
    }
}
