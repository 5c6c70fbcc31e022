package dev.dispatch.tool;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Op;
import java.util.List;

/**
 * The shared plumbing of the coordination tools: the caller's identity (from the call, never from the
 * arguments) and an engine call whose failure becomes a {@link ToolFailure} the model can read.
 */
final class CoordCalls {
    private CoordCalls() {}

    /** Every coordination tool over {@code port}, in the order the model sees them. */
    static List<Tool<?>> all(CoordPort port) {
        return List.of(
                new ClaimTaskTool(port),
                new CompleteTaskTool(port),
                new FailTaskTool(port),
                new LockTool(port),
                new UnlockTool(port),
                new SendMessageTool(port),
                new ReadInboxTool(port),
                new KbReadTool(port),
                new KbWriteTool(port),
                new KbSearchTool(port));
    }

    static CoordPort.Identity me(CoordPort port, ToolContext ctx, String tool) {
        if (ctx.agentId() == null) throw new ToolFailure(tool + " needs an agent; this call has none");
        return port.identity(ctx.agentId())
                .orElseThrow(() -> new ToolFailure(tool + ": agent " + ctx.agentId()
                        + " is not registered for coordination in this engine (it was started outside it?)"));
    }

    static <R> R call(CoordPort port, Op<R> op) {
        try {
            return port.submit(op);
        } catch (EngineException e) {
            throw new ToolFailure(e.getMessage());
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
