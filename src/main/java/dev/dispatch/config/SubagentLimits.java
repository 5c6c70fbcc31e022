package dev.dispatch.config;

/**
 * The caps on agents that spawn agents ({@code subagents.*}): how deep a tree may grow below its root
 * (depth {@code maxDepth} allowed, one more refused), how many children one agent may have running,
 * how many agents a tree may create in all, and what the whole tree may spend. Enforced on every
 * spawn path, so a runaway orchestrator stops at the cap instead of at the invoice.
 */
public record SubagentLimits(int maxDepth, int maxChildren, int maxAgents, double maxUsd, long maxTokens) {
    /** The built-in defaults (docs/configuration.md). */
    public static final SubagentLimits DEFAULTS = new SubagentLimits(3, 10, 50, 10.0, 5_000_000L);
}
