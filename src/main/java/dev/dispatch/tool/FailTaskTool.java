package dev.dispatch.tool;

import dev.dispatch.protocol.TaskOps;
import dev.dispatch.tool.Param.Presence;
import java.util.Map;

/**
 * {@code fail_task}: gives a claimed task back with the reason it could not be done; it is retried
 * after a backoff until its attempts are used up (or never, with {@code retry: false}).
 */
public final class FailTaskTool implements Tool<FailTaskTool.Params> {
    private final CoordPort port;

    public FailTaskTool(CoordPort port) {
        this.port = port;
    }

    public record Params(
            @Param("why the task could not be done (the next attempt reads it)") String error,
            @Param(value = "the task id; default: the one task you hold", presence = Presence.OPTIONAL) String id,
            @Param(value = "false when retrying cannot help; default true", presence = Presence.OPTIONAL)
                    Boolean retry) {}

    @Override
    public String name() {
        return "fail_task";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        if (CoordCalls.blank(p.error())) throw new ToolFailure("fail_task needs an error: say why the task failed");
        CoordPort.Identity me = CoordCalls.me(port, ctx, name());
        CoordHoldings.Lease lease = Held.task(port, ctx, name(), p.id());
        TaskOps.Retry retry = Boolean.FALSE.equals(p.retry()) ? TaskOps.Retry.NO_RETRY : TaskOps.Retry.ALLOWED;
        TaskOps.TaskView t = Held.endTask(
                port, ctx, lease, new TaskOps.FailTask(me.space(), lease.taskId(), lease.lease(), p.error(), retry));
        return ToolResult.ok(
                "failed " + t.id() + "; it is now " + t.status()
                        + (t.retryAt() != null ? " (offered again at " + t.retryAt() + ")" : ""),
                Map.of("id", t.id(), "status", t.status().name()));
    }
}
