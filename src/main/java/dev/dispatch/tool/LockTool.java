package dev.dispatch.tool;

import dev.dispatch.protocol.LockOps;
import dev.dispatch.tool.Param.Presence;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code lock}: reserves files (path globs) or named resources for the calling agent, all or nothing,
 * through the same acquire as {@code dispatch lock acquire}. The lock is kept alive while the agent
 * lives and released by {@code unlock} or when the agent ends; a conflict names who holds what.
 */
public final class LockTool implements Tool<LockTool.Params> {
    /** Time to live when the model names none; renewed while the agent lives. */
    static final long DEFAULT_TTL_SECONDS = 600;

    private final CoordPort port;

    public LockTool(CoordPort port) {
        this.port = port;
    }

    public enum Mode {
        EXCLUSIVE,
        SHARED
    }

    public record Params(
            @Param("path globs relative to the project (src/auth/**) or resource names (db-migrations)")
                    List<String> patterns,
            @Param(
                            value = "exclusive (default) or shared (readers that tolerate each other)",
                            presence = Presence.OPTIONAL)
                    Mode mode,
            @Param(
                            value = "seconds before the lock lapses if you stop running; default 600",
                            presence = Presence.OPTIONAL)
                    Integer ttlSeconds,
            @Param(value = "a task id you hold: the lock ends with that task", presence = Presence.OPTIONAL)
                    String taskId) {}

    @Override
    public String name() {
        return "lock";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        if (p.patterns() == null || p.patterns().isEmpty())
            throw new ToolFailure("lock needs patterns: the paths (globs) or resource names to reserve");
        long ttl = p.ttlSeconds() == null ? DEFAULT_TTL_SECONDS : p.ttlSeconds();
        CoordPort.Identity me = CoordCalls.me(port, ctx, name());
        LockOps.Mode mode = p.mode() == Mode.SHARED ? LockOps.Mode.shared : LockOps.Mode.exclusive;
        LockOps.AcquireResult r = CoordCalls.call(
                port,
                new LockOps.AcquireLock(
                        me.space(),
                        me.name(),
                        p.patterns(),
                        ttl,
                        mode,
                        CoordCalls.blank(p.taskId()) ? null : p.taskId()));
        if (r.lock() == null) {
            StringBuilder b = new StringBuilder("not locked: nothing was reserved, because");
            for (LockOps.Conflict c : r.conflicts()) {
                b.append("\n- ")
                        .append(c.pattern())
                        .append(" overlaps ")
                        .append(c.heldPattern())
                        .append(" held by ")
                        .append(c.holder())
                        .append(" (")
                        .append(c.mode())
                        .append(", until ")
                        .append(c.expiresAt())
                        .append(')');
            }
            b.append("\nWork on something else, ask the holder with send_message, or try again later.");
            return ToolResult.error(b.toString());
        }
        LockOps.LockView l = r.lock();
        port.holdings()
                .locked(ctx.agentId(), new CoordHoldings.Held(me.space(), l.id(), l.token(), ttl, l.expiresAt()));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("lock_id", l.id());
        meta.put("token", l.token());
        return ToolResult.ok(
                "locked " + String.join(", ", l.patterns()) + " (" + l.mode() + ") as " + l.id()
                        + "; release it with unlock when you are done",
                meta);
    }
}
