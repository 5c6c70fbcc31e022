package dev.dispatch.tool;

import dev.dispatch.tool.Param.Presence;
import java.util.List;

/** {@code agent_status}: status, what each waits for, tokens and cost of the caller's descendants. */
public final class AgentStatusTool implements Tool<AgentStatusTool.Params> {
    private final AgentTeam team;

    public AgentStatusTool(AgentTeam team) {
        this.team = team;
    }

    public record Params(
            @Param(value = "agent ids or names; default: all your children", presence = Presence.OPTIONAL)
                    List<String> ids) {}

    @Override
    public String name() {
        return "agent_status";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        return ToolResult.ok(team.status(ctx.agentId(), p.ids()));
    }
}
