package dev.dispatch.agent;

import java.nio.file.Path;

/**
 * What to start an agent with. {@code sessionId} non-null continues that session's conversation;
 * {@code parentAgentId} makes it a child agent; {@code maxTurns} bounds model calls for this input.
 */
public record AgentSpec(
        String name,
        String prompt,
        Path projectRoot,
        String space,
        ModelChoice model,
        int maxTurns,
        String sessionId,
        String parentAgentId) {
    public AgentSpec {
        if (maxTurns <= 0) throw new IllegalArgumentException("max turns must be positive, got " + maxTurns);
    }
}
