package dev.dispatch.app;

import dev.dispatch.agent.AgentRuntime;
import dev.dispatch.agent.Summoner;
import dev.dispatch.config.Config;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.SessionOps;

/**
 * Starts the children {@code summon_agent} asks for: their permissions are checked against the
 * parent's ({@link ChildGrants}), a {@code model} naming no configured model is taken as a tag, and
 * the start goes through the same path as the operator's ({@code AgentModule.start}) so the
 * template, skills and caps apply alike.
 */
final class Summons {
    /** What a summoned child adds to a start: its name, skills, asked grants and place in the tree. */
    record Extras(
            String name,
            java.util.List<String> skills,
            dev.dispatch.permission.Grants requested,
            boolean summonGranted,
            boolean detached,
            boolean mayDetach,
            boolean leaf) {}

    private final AgentModule module;
    private final PermissionModule permissions;
    private final ProjectConfigs projects;

    Summons(AgentModule module, PermissionModule permissions, ProjectConfigs projects) {
        this.module = module;
        this.permissions = permissions;
        this.projects = projects;
    }

    AgentRuntime.Started start(Summoner.Child c) {
        var parentGate = permissions.gateOf(c.parentAgentId());
        if (parentGate == null)
            throw EngineException.notFound("agent '" + c.parentAgentId() + "' has no permission gate to share");
        ChildGrants.Asked asked = ChildGrants.check(c.permissions(), c.projectRoot(), parentGate);
        if (asked.summon() && c.leaf()) {
            throw new EngineException(
                    dev.dispatch.protocol.ErrorCode.FORBIDDEN,
                    "summon_subagents cannot be granted here: a detached agent's workers are leaves");
        }
        Config config = projects.config(c.projectRoot());
        String model = null;
        String tag = null;
        if (c.model() != null && !c.model().isBlank()) {
            if (config.model(c.model().strip()).isPresent()) model = c.model().strip();
            else tag = c.model().strip();
        }
        var started = module.start(
                SessionOps.StartAgent.of(c.prompt(), c.projectRoot().toString())
                        .withModel(model)
                        .withParent(c.parentAgentId())
                        .withTemplate(c.template())
                        .withTag(tag),
                new Extras(
                        c.name(), c.skills(), asked.grants(), asked.summon(), c.detached(), c.mayDetach(), c.leaf()));
        return new AgentRuntime.Started(started.agentId(), started.sessionId());
    }

    /** A child's name: asked, else its template's id, else "" (the runtime derives one from the task). */
    static String nameFor(Extras x, String template, String type) {
        if (x == null) return type;
        if (x.name() != null && !x.name().isBlank()) return x.name();
        return template != null && !template.isBlank() ? type : "";
    }

    /** The template's skills, then the ones summon_agent asked for (each once). */
    static java.util.List<String> skillList(
            java.util.Optional<dev.dispatch.config.AgentConfig> template, java.util.List<String> asked) {
        java.util.List<String> out = new java.util.ArrayList<>(
                template.map(dev.dispatch.config.AgentConfig::skills).orElse(java.util.List.of()));
        for (String s : asked) if (s != null && !s.isBlank() && !out.contains(s.strip())) out.add(s.strip());
        return out;
    }
}
