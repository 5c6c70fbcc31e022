package dev.dispatch.skill;

import java.nio.file.Path;
import java.util.List;

/**
 * One file of {@code agents/}: the skills an agent type loads, {@code <type>.txt} for sub-agents and
 * {@code <type>.o.txt} for orchestrators, one skill file name per line ({@code #} comments allowed).
 */
public record SkillMapping(Skill.Scope scope, String agentType, Role role, List<String> entries, Path file) {
    public enum Role {
        AGENT,
        ORCHESTRATOR
    }

    public SkillMapping {
        entries = List.copyOf(entries);
    }
}
