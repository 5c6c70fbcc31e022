package dev.dispatch.agent;

import dev.dispatch.permission.PermissionGate;
import java.nio.file.Path;

/**
 * Gives each agent the permission gate its tools ask through. The composition root decides the
 * policy (project-root rule today; rules, prompts and grants with the permissions issue).
 */
@FunctionalInterface
public interface GateFactory {
    PermissionGate forAgent(String agentId, String parentAgentId, Path projectRoot);
}
