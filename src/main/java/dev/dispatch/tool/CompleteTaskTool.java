package dev.dispatch.tool;

import dev.dispatch.protocol.TaskOps;
import dev.dispatch.tool.Param.Presence;
import java.util.Map;

/**
 * {@code complete_task}: marks a task the calling agent claimed as done, fenced by the lease kept at
 * claim time (a lease lost to a rescue is refused, as for {@code dispatch task complete}).
 */
public final class CompleteTaskTool implements Tool<CompleteTaskTool.Params> {
    private final CoordPort port;

    public CompleteTaskTool(CoordPort port) {
        this.port = port;
    }

    public record Params(
            @Param(value = "the task id; default: the one task you hold", presence = Presence.OPTIONAL) String id,
            @Param(value = "what you did or produced (kept with the task)", presence = Presence.OPTIONAL)
                    String result) {}

    @Override
    public String name() {
        return "complete_task";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        CoordPort.Identity me = CoordCalls.me(port, ctx, name());
        CoordHoldings.Lease lease = Held.task(port, ctx, name(), p.id());
        TaskOps.TaskView t = Held.endTask(
                port, ctx, lease, new TaskOps.CompleteTask(me.space(), lease.taskId(), lease.lease(), p.result()));
        return ToolResult.ok(
                "completed " + t.id() + ": " + t.title(),
                Map.of("id", t.id(), "status", t.status().name()));
    }
}
