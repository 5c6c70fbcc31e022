package dev.dispatch.tool;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.tool.Param.Presence;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code claim_task}: takes the best ready task of the space's queue (or one named task) for the calling
 * agent, through the same claim as {@code dispatch task next}. The lease is kept for the agent (and
 * renewed while it lives), so complete_task and fail_task need only the task id.
 */
public final class ClaimTaskTool implements Tool<ClaimTaskTool.Params> {
    private final CoordPort port;

    public ClaimTaskTool(CoordPort port) {
        this.port = port;
    }

    public record Params(
            @Param(value = "claim from this queue only; default: any queue", presence = Presence.OPTIONAL) String queue,
            @Param(value = "claim this task id instead of the best ready one", presence = Presence.OPTIONAL)
                    String id) {}

    @Override
    public String name() {
        return "claim_task";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        CoordPort.Identity me = CoordCalls.me(port, ctx, name());
        Op<TaskOps.ClaimResult> op = CoordCalls.blank(p.id())
                ? new TaskOps.ClaimNextTask(me.space(), me.name(), CoordCalls.blank(p.queue()) ? null : p.queue())
                : new TaskOps.ClaimTask(me.space(), p.id().strip(), me.name());
        TaskOps.ClaimResult r;
        try {
            r = port.submit(op);
        } catch (EngineException e) {
            if (e.code() == ErrorCode.NOTHING_TO_DO) {
                return ToolResult.ok(
                        "no task is ready" + (CoordCalls.blank(p.queue()) ? "" : " in queue " + p.queue())
                                + " right now (" + e.getMessage() + "); try again later or finish",
                        Map.of("claimed", false));
            }
            throw new ToolFailure(e.getMessage());
        }
        TaskOps.TaskView t = r.task();
        port.holdings()
                .claimed(
                        ctx.agentId(),
                        new CoordHoldings.Lease(me.space(), t.id(), r.lease(), t.leaseSeconds(), r.leaseExpiresAt()));
        StringBuilder b = new StringBuilder("claimed " + t.id() + " (attempt " + r.attempt() + "): " + t.title());
        if (t.description() != null && !t.description().isBlank())
            b.append("\n\n").append(t.description());
        if (t.lastError() != null) b.append("\n\nthe previous attempt failed: ").append(t.lastError());
        b.append("\n\nWhen it is done call complete_task with id ")
                .append(t.id())
                .append("; if you cannot do it, fail_task.");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("claimed", true);
        meta.put("id", t.id());
        meta.put("attempt", r.attempt());
        return ToolResult.ok(b.toString(), meta);
    }
}
