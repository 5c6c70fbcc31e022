package dev.dispatch.protocol;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Requests about agents in a space: registration (mints the agent's token), sticky status, heartbeat,
 * drain and removal. Liveness is computed by the engine from the last heartbeat, never stored.
 */
public final class AgentOps {
    private AgentOps() {}

    /**
     * The state a coordination agent reports for itself ({@code agent status}). On the wire and in the
     * store a status is its constant's name, so the JSON is the lowercase word each constant is spelled
     * as. Not the runtime state of an agent the engine runs ({@link AgentStatus}).
     */
    public enum Status {
        /** Working (an agent this engine runs starts so). */
        active,
        /** Alive with nothing to do (an agent registered by a script starts so). */
        idle,
        /** Stuck until something outside it changes ({@code blocker} says what). */
        blocked,
        /** Finished its work. */
        done,
        /** Ended by a failure it could not get past. */
        error,
        /** Stopped before it finished (an in-process agent interrupted or cancelled). */
        cancelled;

        /** Whether the agent has ended: done, error or cancelled. */
        public boolean finished() {
            return this == done || this == error || this == cancelled;
        }

        /** Every status name, in declaration order, for help and error text. */
        public static List<String> names() {
            return Arrays.stream(values()).map(Enum::name).toList();
        }
    }

    /** Registers {@code name}; the answer carries the agent's token, shown this once only. */
    public record RegisterAgent(
            String space,
            String name,
            List<String> capabilities,
            String role,
            String parent,
            Integer maxConcurrent,
            Integer heartbeatIntervalSeconds)
            implements Op<RegisterResult> {}

    /** The new agent and its bearer token ({@code dsp_…}); only the token's SHA-256 is stored. */
    public record RegisterResult(AgentView agent, String token) {}

    /**
     * The agent {@code token} was minted for (only its hash is stored): how a face that holds an agent's
     * token (the MCP server over stdio) learns whom it acts as. An unknown token is {@code unauthorized}.
     */
    public record IdentifyAgent(String token) implements Op<AgentView> {}

    /** Every agent of a space, by name. */
    public record ListRegisteredAgents(String space) implements Op<AgentList> {}

    public record AgentList(List<AgentView> agents) {}

    /** One agent with its status history. */
    public record ShowAgent(String space, String name) implements Op<AgentDetail> {}

    public record AgentDetail(AgentView agent, List<StatusChange> history) {}

    /**
     * Sets an agent's status. Fields left null keep their value (sticky); a history row is written
     * only when something changed. {@code parent} may be set here; a cycle is a conflict.
     */
    public record SetAgentStatus(
            String space,
            String name,
            Status status,
            String summary,
            String branch,
            String pr,
            String phase,
            String blocker,
            String next,
            String parent)
            implements Op<StatusResult> {}

    /** The agent after the update and whether anything changed. */
    public record StatusResult(AgentView agent, boolean changed) {}

    /** Records that the agent is alive now (engine clock). */
    public record SendHeartbeat(String space, String name) implements Op<AgentView> {}

    /** Drain stops new claims (running work finishes); undrain lifts it. */
    public record DrainAgent(String space, String name, Drain drain) implements Op<AgentView> {}

    public enum Drain {
        DRAIN,
        UNDRAIN
    }

    /** Removes an agent that holds no claimed task; its children lose their parent. */
    public record RemoveAgent(String space, String name) implements Op<RemoveResult> {}

    public record RemoveResult(String space, String name, List<String> orphanedChildren) {}

    /**
     * An agent as every face shows it. {@code liveness} is {@code live} or {@code stale} (no heartbeat
     * for more than twice the interval); {@code children} and {@code depth} (0 for a root) are computed
     * from the agents' parents. {@code kind} is {@code external} (registered by a script) or
     * {@code in-process} (started by the engine: then {@code id} is its runtime id, {@code model},
     * {@code template}, {@code detached} and {@code sessionId} say how it runs).
     */
    public record AgentView(
            String id,
            String space,
            String name,
            String role,
            String parent,
            List<String> children,
            List<String> capabilities,
            int maxConcurrent,
            int heartbeatIntervalSeconds,
            Status status,
            String summary,
            String branch,
            String pr,
            String phase,
            String blocker,
            String next,
            boolean drained,
            String liveness,
            int running,
            Instant registeredAt,
            Instant lastSeenAt,
            Instant statusAt,
            String kind,
            String model,
            String template,
            int depth,
            boolean detached,
            String sessionId) {}

    /** One row of an agent's status history (what the fields were after the change). */
    public record StatusChange(
            Instant at,
            Status status,
            String summary,
            String branch,
            String pr,
            String phase,
            String blocker,
            String next,
            String parent) {}

    /**
     * Sends {@code text} to the agent {@code agent} names (its id or its name in the space). An agent
     * this engine runs gets it as a user message at its next tool boundary (at once when idle); an
     * external agent finds it in its inbox, from {@code operator}.
     */
    public record SendToAgent(String space, String agent, String text) implements Op<SendResult> {}

    /**
     * Who got the message and how: {@code delivery} is {@code conversation} (queued into a running
     * agent's conversation) or {@code inbox} (a message in the coordination inbox, {@code messageId}).
     */
    public record SendResult(String id, String name, String kind, String delivery, String messageId) {}

    /** The agents of a space as a tree, with tokens and cost per agent and per subtree. */
    public record ShowAgentTree(String space) implements Op<AgentTree> {}

    /** The roots (agents without a live parent in the space) and the totals over every agent. */
    public record AgentTree(List<TreeNode> roots, Usage total) {}

    /** Tokens and cost (USD) of model calls. */
    public record Usage(long inputTokens, long outputTokens, double costUsd) {}

    /** One agent of the tree: its own usage ({@code self}) and its subtree's ({@code subtree}, itself included). */
    public record TreeNode(
            String id,
            String name,
            String kind,
            Status status,
            String liveness,
            String model,
            String template,
            boolean detached,
            int depth,
            Usage self,
            Usage subtree,
            List<TreeNode> children) {}

    // the journal events of the agent registry (docs/cli-json.md): the wire name is the record's name

    /**
     * An agent joined the space. A coordination agent carries {@code capabilities} and {@code role}; an
     * in-process agent of the engine carries {@code kind}, {@code model}, {@code template} and
     * {@code detached} (absent fields are null and left off the wire).
     */
    public record AgentRegistered(
            String id,
            String name,
            String kind,
            List<String> capabilities,
            String role,
            String parent,
            String model,
            String template,
            Boolean detached)
            implements Journaled {}

    /** The agent's sticky status after the change. */
    public record AgentStatusChanged(Status status, String summary, String phase, String blocker, String parent)
            implements Journaled {}

    public record AgentDrained(String name) implements Journaled {}

    public record AgentUndrained(String name) implements Journaled {}

    /** {@code reason} is set when the engine dropped an ended in-process agent itself. */
    public record AgentRemoved(String name, List<String> orphanedChildren, String reason) implements Journaled {}

    /** The journal events of this domain, one record each (a face can take them all in one case). */
    public sealed interface Journaled extends JournalPayload
            permits AgentRegistered, AgentStatusChanged, AgentDrained, AgentUndrained, AgentRemoved {}
}
