package dev.dispatch.tool;

import dev.dispatch.tool.Param.Presence;
import java.util.List;

/**
 * {@code summon_agent}: starts a child agent on a task, with its own conversation, model and
 * permissions (never wider than the caller's), and returns its handle at once; the child runs in
 * parallel and its result comes back through {@code wait_agents}. Only agents holding the
 * {@code summon_subagents} permission may call it; the engine checks that and every cap.
 */
public final class SummonAgentTool implements Tool<SummonAgentTool.Params> {
    private final AgentTeam team;

    public SummonAgentTool(AgentTeam team) {
        this.team = team;
    }

    public record Params(
            @Param("what the child should do; it sees only this and the context") String task,
            @Param(value = "background the child needs (text); default none", presence = Presence.OPTIONAL)
                    String context,
            @Param(value = "skill names to load into the child's system prompt", presence = Presence.OPTIONAL)
                    List<String> skills,
            @Param(value = "agent template id from dispatch.yaml; default: main", presence = Presence.OPTIONAL)
                    String template,
            @Param(
                            value = "model id or tag; default: the template's or the configured default",
                            presence = Presence.OPTIONAL)
                    String model,
            @Param(
                            value =
                                    "what the child may touch, each 'read:PATH', 'write:PATH' (PATH may end in a glob) or"
                                            + " 'summon_subagents'; never wider than yours; default: your own path grants",
                            presence = Presence.OPTIONAL)
                    List<String> permissions,
            @Param(
                            value = "true gives the child its own thread with the user (ask_user); default false",
                            presence = Presence.OPTIONAL)
                    Boolean detached,
            @Param(
                            value = "a short readable name; default derived from the template or task",
                            presence = Presence.OPTIONAL)
                    String name) {}

    @Override
    public String name() {
        return "summon_agent";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        return ToolResult.ok(team.summon(
                ctx.agentId(),
                new AgentTeam.Summon(
                        p.task(),
                        p.context(),
                        p.skills(),
                        p.template(),
                        p.model(),
                        p.permissions(),
                        Boolean.TRUE.equals(p.detached()),
                        p.name())));
    }
}
