package dev.dispatch.tool;

import dev.dispatch.skill.Skill;
import dev.dispatch.skill.SkillCatalog;
import dev.dispatch.skill.SkillException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code activate_skill}: loads an on-demand skill ({@code .skills/project/}, {@code .claude/skills/},
 * {@code .agents/skills/}) into the conversation. The catalogue is looked up per call for the calling
 * agent's project, so an edited skill is read as it is now.
 */
public final class ActivateSkillTool implements Tool<ActivateSkillTool.Params> {
    private final Function<Path, SkillCatalog> catalogs;

    /** @param catalogs the skills visible from a project root */
    public ActivateSkillTool(Function<Path, SkillCatalog> catalogs) {
        this.catalogs = catalogs;
    }

    public record Params(
            @Param("skill name from the system prompt's list, e.g. release-checklist or project:review") String name) {}

    @Override
    public String name() {
        return "activate_skill";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        SkillCatalog catalog = catalogs.apply(ctx.projectRoot());
        Skill s;
        try {
            s = catalog.find(p.name());
        } catch (SkillException e) {
            throw new ToolFailure(e.getMessage());
        }
        String text = "Skill " + catalog.label(s) + " (" + s.description() + "):\n\n" + s.body();
        return ToolResult.ok(
                text, Map.of("skill", s.qualifiedName(), "file", s.file().toString()));
    }
}
