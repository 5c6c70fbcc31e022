package dev.dispatch.daemon;

import java.util.Optional;

/**
 * Maps an agent token to the agent it was minted for. The coordination store keeps only a hash of
 * each token; an implementation hashes the presented token and looks the hash up.
 */
@FunctionalInterface
public interface AgentTokens {
    /** No agent tokens: only the operator can call (a daemon whose engine registers no agents). */
    AgentTokens NONE = token -> Optional.empty();

    /** A registered agent: its space and its name there (what ops call {@code agent}, {@code from}, {@code name}). */
    record Agent(String space, String name) {}

    Optional<Agent> agentFor(String token);
}
