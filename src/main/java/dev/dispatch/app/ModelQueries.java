package dev.dispatch.app;

import dev.dispatch.config.Config;
import dev.dispatch.protocol.Ack;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ModelOps;
import dev.dispatch.session.KeyStates;
import java.nio.file.Path;

/**
 * Answers the {@link ModelOps} that read a project's config rather than run agents: models, keys (and
 * re-enabling one), model resolution, skills and the effective config. Split from {@link AgentModule},
 * which starts and talks to agents; both read the same {@link ProjectConfigs}.
 */
final class ModelQueries {
    private final ProjectConfigs projects;
    private final KeyReports reports;
    private final KeyStates keyStates;

    ModelQueries(ProjectConfigs projects, KeyReports reports, KeyStates keyStates) {
        this.projects = projects;
        this.reports = reports;
        this.keyStates = keyStates;
    }

    void register(OpRouter router) {
        router.on(ModelOps.ListModels.class, op -> reports.models(config(op.cwd())))
                .on(ModelOps.ListKeys.class, op -> reports.keys(config(op.cwd())))
                .on(ModelOps.EnableKey.class, this::enableKey)
                .on(ModelOps.ResolveModel.class, op -> reports.resolve(config(op.cwd()), op.tag(), op.model()))
                .on(
                        ModelOps.ListSkills.class,
                        op -> SkillReports.list(projects.skills(AgentModule.projectRoot(op.cwd())), op.agentType()))
                .on(
                        ModelOps.ShowSkill.class,
                        op -> SkillReports.show(projects.skills(AgentModule.projectRoot(op.cwd())), op.name()))
                .on(ModelOps.ShowConfig.class, op -> showConfig(config(op.cwd())));
    }

    private Config config(String cwd) {
        return projects.config(AgentModule.projectRoot(cwd));
    }

    /** {@code keys enable}: only a configured key, so a typo is an error rather than a silent no-op. */
    private Ack enableKey(ModelOps.EnableKey op) {
        Config c = config(op.cwd());
        if (op.keyId() == null || c.key(op.keyId()).isEmpty()) {
            throw EngineException.notFound("no key '" + op.keyId() + "' in the config; configured keys: "
                    + c.keys().stream().map(dev.dispatch.config.KeyConfig::id).toList() + " (see 'dispatch keys')");
        }
        return Ack.ok(
                keyStates.enable(op.keyId())
                        ? "key '" + op.keyId() + "' enabled: the next call tries it again"
                        : "key '" + op.keyId() + "' was neither disabled nor cooling down; nothing to do");
    }

    private static ModelOps.ConfigResult showConfig(Config c) {
        return new ModelOps.ConfigResult(
                c.values().stream()
                        .map(v -> new ModelOps.ConfigEntry(
                                v.key(), v.display(), v.origin().toString()))
                        .toList(),
                c.sources().stream().map(Path::toString).toList());
    }
}
