package dev.dispatch.tool;

import dev.dispatch.tool.Param.Presence;
import java.util.List;

/**
 * {@code ask_user}: a detached agent's question to the user; waits for the answer (given from any
 * face with {@code dispatch agent answer}) and returns it.
 */
public final class AskUserTool implements Tool<AskUserTool.Params> {
    private final AgentTeam team;

    public AskUserTool(AgentTeam team) {
        this.team = team;
    }

    public record Params(
            @Param("the question, self-contained") String question,
            @Param(value = "suggested answers; the user may also answer freely", presence = Presence.OPTIONAL)
                    List<String> options) {}

    @Override
    public String name() {
        return "ask_user";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) throws InterruptedException {
        return ToolResult.ok(team.askUser(ctx.agentId(), p.question(), p.options()));
    }
}
