package dev.dispatch.tool;

/** {@code cancel_agent}: cancels a descendant and its whole subtree (their shell processes are killed). */
public final class CancelAgentTool implements Tool<CancelAgentTool.Params> {
    private final AgentTeam team;

    public CancelAgentTool(AgentTeam team) {
        this.team = team;
    }

    public record Params(@Param("the agent's id or name") String id) {}

    @Override
    public String name() {
        return "cancel_agent";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        return ToolResult.ok(team.cancel(ctx.agentId(), p.id()));
    }
}
