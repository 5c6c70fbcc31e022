package dev.dispatch.agent;

import java.nio.file.Path;

/**
 * What to start an agent with. {@code sessionId} non-null continues that session's conversation;
 * {@code parentAgentId} makes it a child agent; {@code maxTurns} bounds model calls for this input.
 * {@code routing} non-null sends each call through the key gateway (budgets, failover, waiting) instead
 * of {@code model} as is; {@code extraSystem} (template prompt, skills) is appended to the system
 * prompt; {@code tools} limits the tools offered (empty: all).
 */
public record AgentSpec(
        String name,
        String prompt,
        Path projectRoot,
        String space,
        ModelChoice model,
        int maxTurns,
        String sessionId,
        String parentAgentId,
        Routing routing,
        String extraSystem,
        java.util.List<String> tools) {
    public AgentSpec {
        if (maxTurns <= 0) throw new IllegalArgumentException("max turns must be positive, got " + maxTurns);
        extraSystem = extraSystem == null ? "" : extraSystem;
        tools = tools == null ? java.util.List.of() : java.util.List.copyOf(tools);
    }

    /** The same spec on another model (a model switch mid-session); {@code routing} null keeps it direct. */
    public AgentSpec withModel(ModelChoice newModel, Routing newRouting) {
        return new AgentSpec(
                name,
                prompt,
                projectRoot,
                space,
                newModel,
                maxTurns,
                sessionId,
                parentAgentId,
                newRouting,
                extraSystem,
                tools);
    }

    /** A spec on one fixed model, with the default prompt and every tool. */
    public AgentSpec(
            String name,
            String prompt,
            Path projectRoot,
            String space,
            ModelChoice model,
            int maxTurns,
            String sessionId,
            String parentAgentId) {
        this(
                name,
                prompt,
                projectRoot,
                space,
                model,
                maxTurns,
                sessionId,
                parentAgentId,
                null,
                "",
                java.util.List.of());
    }
}
