package dev.dispatch.tool;

import java.util.List;

/** Picks the claimed task or held lock a coordination call means, from the caller's own holdings. */
final class Held {
    private Held() {}

    /** The task {@code id} names among the caller's claims, or its only claim when {@code id} is absent. */
    static CoordHoldings.Lease task(CoordPort port, ToolContext ctx, String tool, String id) {
        List<CoordHoldings.Lease> mine = port.holdings().leases(ctx.agentId());
        if (CoordCalls.blank(id)) {
            if (mine.size() == 1) return mine.get(0);
            if (mine.isEmpty()) throw new ToolFailure(tool + ": you hold no claimed task; claim one with claim_task");
            throw new ToolFailure(tool + ": you hold " + mine.size() + " tasks ("
                    + String.join(
                            ", ", mine.stream().map(CoordHoldings.Lease::taskId).toList()) + "); pass id");
        }
        String want = id.strip();
        return mine.stream()
                .filter(l -> l.taskId().equals(want))
                .findFirst()
                .orElseThrow(() -> new ToolFailure(tool + ": you do not hold task '" + want
                        + "' (only its claimer may end it); your tasks: "
                        + (mine.isEmpty()
                                ? "none"
                                : String.join(
                                        ", ",
                                        mine.stream()
                                                .map(CoordHoldings.Lease::taskId)
                                                .toList()))));
    }

    /** The lock {@code id} names among the caller's locks, or its only lock when {@code id} is absent. */
    static CoordHoldings.Held lock(CoordPort port, ToolContext ctx, String tool, String id) {
        List<CoordHoldings.Held> mine = port.holdings().locks(ctx.agentId());
        if (CoordCalls.blank(id)) {
            if (mine.size() == 1) return mine.get(0);
            if (mine.isEmpty()) throw new ToolFailure(tool + ": you hold no lock");
            throw new ToolFailure(tool + ": you hold " + mine.size() + " locks ("
                    + String.join(
                            ", ", mine.stream().map(CoordHoldings.Held::lockId).toList()) + "); pass lock_id");
        }
        String want = id.strip();
        return mine.stream()
                .filter(l -> l.lockId().equals(want))
                .findFirst()
                .orElseThrow(() -> new ToolFailure(tool + ": you do not hold lock '" + want
                        + "' (only its holder may release it); your locks: "
                        + (mine.isEmpty()
                                ? "none"
                                : String.join(
                                        ", ",
                                        mine.stream()
                                                .map(CoordHoldings.Held::lockId)
                                                .toList()))));
    }

    /**
     * Ends a claimed task with {@code op} (complete or fail). The lease is forgotten once it is used up:
     * on success, and when the engine says it no longer fences the task (lost, task gone or ended); a
     * transient failure keeps it so the model can try again.
     */
    static <R> R endTask(CoordPort port, ToolContext ctx, CoordHoldings.Lease lease, dev.dispatch.protocol.Op<R> op) {
        try {
            R r = port.submit(op);
            port.holdings().released(ctx.agentId(), lease.taskId());
            return r;
        } catch (dev.dispatch.protocol.EngineException e) {
            switch (e.code()) {
                case LEASE_LOST, CONFLICT, NOT_FOUND -> port.holdings().released(ctx.agentId(), lease.taskId());
                default -> {}
            }
            throw new ToolFailure(e.getMessage());
        }
    }
}
