package dev.dispatch.protocol;

import java.time.Instant;
import java.util.List;

/**
 * Ops that show models, keys, skills and config as the engine sees them now (live config, key health,
 * budget ledger). Each takes the project directory ({@code cwd}) whose config and skills apply. The
 * daemon serves them as {@code GET /v1/models}, {@code /v1/models/resolve?tag=}, {@code /v1/keys},
 * {@code /v1/skills}, {@code /v1/skills/{name}} and {@code /v1/config}.
 */
public final class ModelOps {
    private ModelOps() {}

    /** Every configured model with its keys' state. */
    public record ListModels(String cwd) implements Op<ModelsResult> {}

    public record ModelsResult(List<ModelRow> models) {}

    /**
     * One model; {@code activeKey} is the key that would pay for its next call, null when none can.
     *
     * @param inputPrice USD per million input tokens, null when unknown
     */
    public record ModelRow(
            String id,
            String provider,
            String name,
            List<String> tags,
            Integer contextWindow,
            Double inputPrice,
            Double outputPrice,
            String activeKey,
            List<KeyRow> keys) {}

    /** Which model and key would serve a call for {@code tag} or {@code model} now (both null: the default). */
    public record ResolveModel(String cwd, String tag, String model) implements Op<ResolutionResult> {}

    /**
     * @param model the model that would serve, null when nothing can now
     * @param steps each candidate looked at, in order, and what was found
     * @param retryAt when the earliest blocked key frees up, if known
     */
    public record ResolutionResult(String model, String key, String reason, List<String> steps, Instant retryAt) {}

    /** Every configured key with its state and spend. */
    public record ListKeys(String cwd) implements Op<KeysResult> {}

    public record KeysResult(List<KeyRow> keys) {}

    /**
     * Forgets that a key was disabled (the provider answered 401/403) or is cooling down, so the next
     * call tries it again ({@code dispatch keys enable ID}); {@code cwd} picks the project's config.
     */
    public record EnableKey(String cwd, String keyId) implements Op<Ack> {}

    /**
     * One key. {@code status}: active, cooling, exhausted, disabled or missing (its env var is unset).
     *
     * @param spentTodayUsd settled spend plus open reservations since the key's day began
     */
    public record KeyRow(
            String id,
            String provider,
            long priority,
            String status,
            String detail,
            Instant until,
            double spentTodayUsd,
            List<BudgetRow> budgets) {}

    /** One cap of a key: {@code period} day, month or total; {@code unit} usd or tokens. */
    public record BudgetRow(
            String period, String unit, double limit, double used, double remaining, Instant resetsAt) {}

    /** The skills visible from {@code cwd}; with {@code agentType}, also what that type loads. */
    public record ListSkills(String cwd, String agentType) implements Op<SkillsResult> {}

    /**
     * @param loaded qualified names an agent of the asked type loads up front, in load order
     * @param warnings files that could not be loaded, each naming the file
     */
    public record SkillsResult(
            List<SkillRow> skills, List<MappingRow> mappings, List<String> loaded, List<String> warnings) {}

    /** {@code scope} global or project; {@code folder} default, project, or imported (.claude/.agents). */
    public record SkillRow(
            String name,
            String qualifiedName,
            String scope,
            String folder,
            String description,
            List<String> tags,
            String file) {}

    /** An {@code agents/} mapping: {@code role} agent ({@code TYPE.txt}) or orchestrator ({@code TYPE.o.txt}). */
    public record MappingRow(String scope, String agentType, String role, List<String> skills, String file) {}

    /** One skill in full; {@code name} may be qualified ({@code global:x}). */
    public record ShowSkill(String cwd, String name) implements Op<SkillDetail> {}

    public record SkillDetail(SkillRow skill, String body) {}

    /**
     * Resumes the agents that were waiting for a usable key when the previous engine stopped, each on
     * its session with its whole conversation. A long-lived engine (daemon, interactive session)
     * submits this once at start; one-shot commands never do.
     */
    public record ResumeWaitingAgents() implements Op<ResumedResult> {}

    /** The agents started again, and the sessions that could not be resumed with why. */
    public record ResumedResult(List<String> agentIds, List<String> failures) {}

    /** The merged config as in force, secrets redacted. */
    public record ShowConfig(String cwd) implements Op<ConfigResult> {}

    public record ConfigResult(List<ConfigEntry> values, List<String> sources) {}

    public record ConfigEntry(String key, String value, String origin) {}
}
