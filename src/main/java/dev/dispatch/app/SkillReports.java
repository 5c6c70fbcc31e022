package dev.dispatch.app;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ModelOps;
import dev.dispatch.skill.Skill;
import dev.dispatch.skill.SkillCatalog;
import dev.dispatch.skill.SkillException;
import dev.dispatch.skill.SkillMapping;
import java.util.List;
import java.util.Locale;

/** Answers the skill {@link ModelOps}: the catalogue as rows, what an agent type loads, one skill in full. */
final class SkillReports {
    private SkillReports() {}

    static ModelOps.SkillsResult list(SkillCatalog c, String agentType) {
        List<ModelOps.SkillRow> skills = c.skills().stream().map(s -> row(c, s)).toList();
        List<ModelOps.MappingRow> mappings = c.mappings().stream()
                .map(m -> new ModelOps.MappingRow(
                        m.scope().prefix(),
                        m.agentType(),
                        m.role().name().toLowerCase(Locale.ROOT),
                        m.entries(),
                        m.file().toString()))
                .toList();
        List<String> loaded = agentType == null || agentType.isBlank()
                ? List.of()
                : c.autoLoaded(agentType, SkillMapping.Role.AGENT, List.of()).stream()
                        .map(Skill::qualifiedName)
                        .toList();
        return new ModelOps.SkillsResult(skills, mappings, loaded, c.warnings());
    }

    static ModelOps.SkillDetail show(SkillCatalog c, String name) {
        try {
            Skill s = c.find(name);
            return new ModelOps.SkillDetail(row(c, s), s.body());
        } catch (SkillException e) {
            throw e.kind() == SkillException.Kind.AMBIGUOUS
                    ? EngineException.invalid(e.getMessage())
                    : EngineException.notFound(e.getMessage());
        }
    }

    static ModelOps.SkillRow row(SkillCatalog c, Skill s) {
        String folder =
                switch (s.folder()) {
                    case DEFAULT -> "default";
                    case ON_DEMAND -> "project";
                    case IMPORTED -> "imported";
                };
        return new ModelOps.SkillRow(
                c.label(s),
                s.qualifiedName(),
                s.scope().prefix(),
                folder,
                s.description(),
                s.tags(),
                s.file().toString());
    }
}
