package dev.dispatch.app;

import dev.dispatch.config.AgentConfig;
import dev.dispatch.permission.Mode;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.skill.SkillCatalog;
import dev.dispatch.skill.SkillMapping;
import java.util.List;
import java.util.Optional;

/**
 * What an agent template (dispatch.yaml's {@code agents:}) adds to an agent being started: a stricter
 * permission mode, and its own prompt followed by its skills. Split from {@link AgentModule}'s start.
 */
final class AgentTemplates {
    private AgentTemplates() {}

    /** The template's {@code permission_mode}, which can only tighten the mode ({@link Mode#stricter}). */
    static Optional<Mode> mode(String type, Optional<AgentConfig> template) {
        Optional<String> text = template.flatMap(AgentConfig::permissionMode).filter(t -> !t.isBlank());
        try {
            return text.map(Mode::parse);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("agent template '" + type + "': permission_mode " + e.getMessage());
        }
    }

    /** The template's own prompt, then its skills: defaults, its type's mappings, the template's list. */
    static String extraSystem(
            SkillCatalog skills, String type, String parent, Optional<AgentConfig> template, List<String> asked) {
        boolean orchestrates = parent == null
                && skills.mappings().stream()
                        .anyMatch(m -> m.agentType().equals(type) && m.role() == SkillMapping.Role.ORCHESTRATOR);
        String prompt = template.flatMap(AgentConfig::systemPrompt)
                .map(p -> p.strip() + "\n\n")
                .orElse("");
        return prompt
                + skills.prompt(
                        type,
                        orchestrates ? SkillMapping.Role.ORCHESTRATOR : SkillMapping.Role.AGENT,
                        Summons.skillList(template, asked));
    }
}
