package dev.dispatch.tool;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.LockOps;
import dev.dispatch.tool.Param.Presence;
import java.util.Map;

/** {@code unlock}: releases a lock the calling agent holds (with the fencing token kept at lock time). */
public final class UnlockTool implements Tool<UnlockTool.Params> {
    private final CoordPort port;

    public UnlockTool(CoordPort port) {
        this.port = port;
    }

    public record Params(
            @Param(value = "the lock id lock returned; default: the one lock you hold", presence = Presence.OPTIONAL)
                    String lockId) {}

    @Override
    public String name() {
        return "unlock";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        CoordPort.Identity me = CoordCalls.me(port, ctx, name());
        CoordHoldings.Held held = Held.lock(port, ctx, name(), p.lockId());
        LockOps.LockView l;
        try {
            l = port.submit(new LockOps.ReleaseLock(me.space(), held.lockId(), me.name(), held.token()));
        } catch (EngineException e) {
            switch (e.code()) {
                // expired or taken over: it is not ours any more either way
                case LEASE_LOST, CONFLICT, NOT_FOUND -> port.holdings().unlocked(ctx.agentId(), held.lockId());
                default -> {}
            }
            throw new ToolFailure(e.getMessage());
        }
        port.holdings().unlocked(ctx.agentId(), held.lockId());
        return ToolResult.ok(
                "released " + l.id() + " (" + String.join(", ", l.patterns()) + ")", Map.of("lock_id", l.id()));
    }
}
