package dev.dispatch.tool;

/** {@code message_agent}: queues text for a descendant, delivered at its next tool boundary. */
public final class MessageAgentTool implements Tool<MessageAgentTool.Params> {
    private final AgentTeam team;

    public MessageAgentTool(AgentTeam team) {
        this.team = team;
    }

    public record Params(@Param("the agent's id or name") String id, @Param("the message") String text) {}

    @Override
    public String name() {
        return "message_agent";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        return ToolResult.ok(team.message(ctx.agentId(), p.id(), p.text()));
    }
}
