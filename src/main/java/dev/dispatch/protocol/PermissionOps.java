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
     * One rule: {@code kind} auto_allow or deny, {@code scope} user or project, {@code origin} file:line,
     * {@code readAs} what it stands for where it is declared (a relative glob made absolute against the
     * folder of the dispatch.yaml holding it, a command pattern as matched, an auto_allow path's real path).
     */
    public record RuleView(String kind, String value, String scope, String origin, String readAs) {}

    /**
     * How the rules in force at {@code cwd} (user config, the project's dispatch.yaml, protected paths)
     * read {@code subject}: a path (judged for read and write) or a shell command (analysed, then
     * judged). {@code kind} is {@code path}, {@code command}, or null to guess: a subject with
     * whitespace is a command, as is one that neither exists nor looks like a path (no {@code /}, not
     * starting with {@code ~} or {@code .}).
     */
    public record ExplainPermission(String cwd, String subject, String kind) implements Op<ExplainResult> {}

    /**
     * @param resolved the real path a path subject resolves to; for a command, its working directory
     * @param decisions read and write for a path, execute for a command: what the rules decide before
     *     anyone is asked ({@code ask}: the run would prompt, or refuse without a terminal)
     * @param commands each simple command the analyser found (what command patterns are matched against)
     * @param reaches every path a command reads, writes or executes
     * @param concerns what makes a command ask whatever its paths are
     * @param rules every configured rule and how it was read
     */
    public record ExplainResult(
            String kind,
            String subject,
            String projectRoot,
            String resolved,
            List<Verdict> decisions,
            List<String> commands,
            List<Reach> reaches,
            List<Concern> concerns,
            List<RuleReading> rules) {}

    /** One decision: {@code outcome} allow, deny or ask; {@code decidedBy} root, rule or protected. */
    public record Verdict(String operation, String outcome, String decidedBy, String reason) {}

    /** A path a command reaches: read, write or execute; {@code subtree} for a glob or variable. */
    public record Reach(String operation, String path, String source, boolean subtree) {}

    /** {@code kind} opaque (what runs cannot be seen) or risky (a known way to subvert other programs). */
    public record Concern(String kind, String reason) {}

    /**
     * How one configured rule was read: {@code list} deny or auto_allow; {@code kind} path glob, command
     * pattern or path; {@code readAs} the absolute glob, the pattern, or the real path.
     */
    public record RuleReading(String list, String rule, String kind, String readAs) {}

    /** Removes a rule (by its value) from the user config; the project file is the user's to edit. */
    public record RevokeRule(String rule) implements Op<RuleView> {}

    /** The newest decisions, oldest first; {@code agentId} null means every agent. */
    public record ListDecisions(String agentId, Integer limit) implements Op<DecisionsResult> {}

    public record DecisionsResult(List<DecisionView> decisions) {}

    /**
     * One logged decision: {@code decidedBy} root, rule, protected, grant, ceiling, mode, operator or
     * parent (a parent's own grants answered its child's question, {@code approve_children}).
     */
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
