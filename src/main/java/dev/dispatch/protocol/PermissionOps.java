package dev.dispatch.protocol;

import java.time.Instant;
import java.util.List;

/**
 * Ops about permission rules and the decision log. Prompts themselves are answered with
 * {@link SessionOps.ReplyPermission}.
 */
public final class PermissionOps {
    private PermissionOps() {}

    /** The auto_allow and deny rules that apply in the project at {@code cwd}, each with where it is written. */
    public record ListRules(String cwd) implements Op<RulesResult> {}

    public record RulesResult(List<RuleView> rules) {}

    /**
     * One rule: {@code kind} auto_allow or deny, {@code scope} user or project, {@code origin} file:line.
     */
    public record RuleView(String kind, String value, String scope, String origin) {}

    /** Removes a rule (by its value) from the user config; the project file is the user's to edit. */
    public record RevokeRule(String rule) implements Op<RuleView> {}

    /** The newest decisions, oldest first; {@code agentId} null means every agent. */
    public record ListDecisions(String agentId, Integer limit) implements Op<DecisionsResult> {}

    public record DecisionsResult(List<DecisionView> decisions) {}

    /** One logged decision: {@code decidedBy} root, rule, protected, grant, ceiling, mode or operator. */
    public record DecisionView(
            String agentId,
            String tool,
            String operation,
            List<String> paths,
            String command,
            String outcome,
            String decidedBy,
            String reason,
            Instant decidedAt) {}
}
