package dev.dispatch.coord;

import java.util.List;
import java.util.Optional;

/**
 * What locks, messages and approvals need to know about agents: who exists and the parent/child
 * tree. Kept behind this interface so locks, messages, knowledge and approvals do not depend on how agents are stored;
 * {@link SqlAgentDirectory} reads the agent table, tests use an in-memory one.
 */
public interface AgentDirectory {
    boolean exists(String space, String name);

    Optional<String> parentOf(String space, String name);

    List<String> childrenOf(String space, String name);

    /** Every agent in the space, sorted by name. */
    List<String> names(String space);
}
