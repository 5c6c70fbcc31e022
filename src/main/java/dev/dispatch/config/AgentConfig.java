package dev.dispatch.config;

import java.util.List;
import java.util.Optional;

/**
 * An agent template ({@code agents:}): what an agent of this type is told, may use and runs on. At
 * most one of {@code model} and {@code tag}; {@code systemPrompt} already holds a prompt file's text.
 *
 * @param tools tool names it may call; empty for all
 * @param skills skills loaded for it besides those its type is mapped to
 * @param summonSubagents whether its agents may hold the {@code summon_subagents} permission
 * @param approveChildren whether its agents' own grants answer their children's permission questions
 *     within those grants (beyond them the user is still asked)
 */
public record AgentConfig(
        String id,
        Optional<String> description,
        Optional<String> systemPrompt,
        List<String> tools,
        Optional<String> permissionMode,
        Optional<String> model,
        Optional<String> tag,
        List<String> skills,
        Optional<Integer> maxTurns,
        boolean summonSubagents,
        boolean approveChildren) {
    /** A template whose agents' children always ask the user. */
    public AgentConfig(
            String id,
            Optional<String> description,
            Optional<String> systemPrompt,
            List<String> tools,
            Optional<String> permissionMode,
            Optional<String> model,
            Optional<String> tag,
            List<String> skills,
            Optional<Integer> maxTurns,
            boolean summonSubagents) {
        this(
                id,
                description,
                systemPrompt,
                tools,
                permissionMode,
                model,
                tag,
                skills,
                maxTurns,
                summonSubagents,
                false);
    }

    /** A template with the default subagent setting (its agents may summon). */
    public AgentConfig(
            String id,
            Optional<String> description,
            Optional<String> systemPrompt,
            List<String> tools,
            Optional<String> permissionMode,
            Optional<String> model,
            Optional<String> tag,
            List<String> skills,
            Optional<Integer> maxTurns) {
        this(id, description, systemPrompt, tools, permissionMode, model, tag, skills, maxTurns, true);
    }
}
