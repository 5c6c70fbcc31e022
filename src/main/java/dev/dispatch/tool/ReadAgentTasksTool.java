package dev.dispatch.tool;

/** {@code read_agent_tasks}: a descendant's task_list, without its conversation. */
public final class ReadAgentTasksTool implements Tool<ReadAgentTasksTool.Params> {
    private final AgentTeam team;

    public ReadAgentTasksTool(AgentTeam team) {
        this.team = team;
    }

    public record Params(@Param("the agent's id or name") String id) {}

    @Override
    public String name() {
        return "read_agent_tasks";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        return ToolResult.ok(team.tasks(ctx.agentId(), p.id()));
    }
}
