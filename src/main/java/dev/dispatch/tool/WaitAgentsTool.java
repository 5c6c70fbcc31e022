package dev.dispatch.tool;

import dev.dispatch.tool.Param.Presence;
import java.time.Duration;
import java.util.List;

/**
 * {@code wait_agents}: waits until the named children (default: all of the caller's) finished or the
 * timeout passed, and returns each finished child's final answer; a cancel of the caller ends it.
 */
public final class WaitAgentsTool implements Tool<WaitAgentsTool.Params> {
    static final int DEFAULT_SECONDS = 600;
    static final int MAX_SECONDS = 3600;
    private final AgentTeam team;

    public WaitAgentsTool(AgentTeam team) {
        this.team = team;
    }

    public record Params(
            @Param(value = "child agent ids or names; default: all your children", presence = Presence.OPTIONAL)
                    List<String> ids,
            @Param(value = "seconds to wait at most (1-3600); default 600", presence = Presence.OPTIONAL)
                    Integer timeout) {}

    @Override
    public String name() {
        return "wait_agents";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) throws InterruptedException {
        int seconds = p.timeout() == null ? DEFAULT_SECONDS : p.timeout();
        if (seconds < 1 || seconds > MAX_SECONDS)
            throw new ToolFailure("timeout must be 1 to " + MAX_SECONDS + " seconds, got " + seconds);
        return ToolResult.ok(team.await(ctx.agentId(), p.ids(), Duration.ofSeconds(seconds)));
    }
}
