package dev.dispatch.protocol;

import java.util.List;

/**
 * Ops that drive in-process agents: start one on a prompt, talk to it, cancel it, answer its
 * permission prompts. Answers come at once; progress arrives as {@link RuntimeEvents}.
 */
public final class SessionOps {
    private SessionOps() {}

    /**
     * Starts an agent. {@code sessionId} non-null continues that session with its history;
     * {@code parentAgentId} makes it a child; {@code model} null means the template's or the configured
     * default; {@code tag} (instead of a model) picks the best usable model with that tag.
     */
    public record StartAgent(
            String prompt,
            String cwd,
            String model,
            String permissionMode,
            Integer maxTurns,
            String sessionId,
            String parentAgentId,
            String template,
            String tag)
            implements Op<StartAgentResult> {
        /** An agent on {@code prompt} in {@code cwd}, everything else its default; the {@code with…} methods set the rest. */
        public static StartAgent of(String prompt, String cwd) {
            return new StartAgent(prompt, cwd, null, null, null, null, null, null, null);
        }

        public StartAgent withModel(String model) {
            return new StartAgent(
                    prompt, cwd, model, permissionMode, maxTurns, sessionId, parentAgentId, template, tag);
        }

        public StartAgent withPermissionMode(String permissionMode) {
            return new StartAgent(
                    prompt, cwd, model, permissionMode, maxTurns, sessionId, parentAgentId, template, tag);
        }

        public StartAgent withMaxTurns(Integer maxTurns) {
            return new StartAgent(
                    prompt, cwd, model, permissionMode, maxTurns, sessionId, parentAgentId, template, tag);
        }

        public StartAgent withSession(String sessionId) {
            return new StartAgent(
                    prompt, cwd, model, permissionMode, maxTurns, sessionId, parentAgentId, template, tag);
        }

        public StartAgent withParent(String parentAgentId) {
            return new StartAgent(
                    prompt, cwd, model, permissionMode, maxTurns, sessionId, parentAgentId, template, tag);
        }

        public StartAgent withTemplate(String template) {
            return new StartAgent(
                    prompt, cwd, model, permissionMode, maxTurns, sessionId, parentAgentId, template, tag);
        }

        public StartAgent withTag(String tag) {
            return new StartAgent(
                    prompt, cwd, model, permissionMode, maxTurns, sessionId, parentAgentId, template, tag);
        }
    }

    public record StartAgentResult(String agentId, String sessionId, String model, String provider) {}

    /** Queues user text for an agent; delivered at once if idle, else at its next tool boundary. */
    public record SendInput(String agentId, String text) implements Op<Ack> {}

    /** Stops the agent's model stream and running tools; always honoured, and recorded. */
    public record CancelAgent(String agentId, String reason) implements Op<Ack> {}

    /**
     * Stops the turn the agent is working on (its model stream, running tools and shell processes, its
     * children's work) and keeps the agent: the next {@link SendInput} continues the same conversation.
     * The turn ends with {@code AgentFinished} CANCELLED, error "interrupted by the user"; an idle agent
     * has nothing to interrupt (the answer says so, nothing changes).
     */
    public record InterruptTurn(String agentId) implements Op<Ack> {}

    /** The operator's answer to a {@link RuntimeEvents.PermissionRequested}. */
    public record ReplyPermission(String requestId, PermissionAnswer decision, String note) implements Op<Ack> {}

    /** The most recently active session of the project at {@code cwd} (for {@code --continue}). */
    public record LatestSession(String cwd) implements Op<SessionSummary> {}

    public record SessionSummary(String sessionId, String title, String model, java.time.Instant updatedAt) {}

    /** Every in-process agent the engine knows, parents before children. */
    public record ListAgents() implements Op<AgentTreeResult> {}

    public record AgentTreeResult(List<AgentSnapshot> agents) {}

    /**
     * One agent as faces show it: {@code name} is unique among the engine's agents; {@code depth} 0
     * is a root; {@code detached} agents have their own thread with the user ({@code ask_user});
     * {@code permissions} says in words what it may do without asking, {@code skills} the skills
     * loaded into its conversation (at start and by {@code activate_skill}).
     */
    public record AgentSnapshot(
            String agentId,
            String parentAgentId,
            String name,
            String sessionId,
            String model,
            String provider,
            AgentStatus status,
            String detail,
            long inputTokens,
            long outputTokens,
            double costUsd,
            int depth,
            String template,
            boolean detached,
            List<String> permissions,
            List<String> skills) {
        public AgentSnapshot {
            permissions = permissions == null ? List.of() : List.copyOf(permissions);
            skills = skills == null ? List.of() : List.copyOf(skills);
        }

        /** A snapshot that does not say what the agent may do or which skills it loaded. */
        public AgentSnapshot(
                String agentId,
                String parentAgentId,
                String name,
                String sessionId,
                String model,
                String provider,
                AgentStatus status,
                String detail,
                long inputTokens,
                long outputTokens,
                double costUsd,
                int depth,
                String template,
                boolean detached) {
            this(
                    agentId,
                    parentAgentId,
                    name,
                    sessionId,
                    model,
                    provider,
                    status,
                    detail,
                    inputTokens,
                    outputTokens,
                    costUsd,
                    depth,
                    template,
                    detached,
                    List.of(),
                    List.of());
        }
    }

    /**
     * Switches a running agent to another model ({@code model}) or the best usable model with
     * {@code tag}; its next call sends the whole conversation to it, converted to the new provider's
     * wire format. {@code agentId} is the agent's id or its name.
     */
    public record SwitchModel(String agentId, String model, String tag) implements Op<ModelSwitched> {}

    public record ModelSwitched(
            String agentId, String sessionId, String previousModel, String model, String provider) {}

    /** The user's answer to an agent's {@link RuntimeEvents.QuestionAsked} ({@code ask_user}). */
    public record AnswerQuestion(String questionId, String answer) implements Op<Ack> {}
}
