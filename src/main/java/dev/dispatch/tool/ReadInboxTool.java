package dev.dispatch.tool;

import dev.dispatch.protocol.MessageOps;
import dev.dispatch.tool.Param.Presence;
import java.util.Map;

/** {@code read_inbox}: the calling agent's coordination messages, unread ones by default (marking them read). */
public final class ReadInboxTool implements Tool<ReadInboxTool.Params> {
    static final int DEFAULT_LIMIT = 20;

    private final CoordPort port;

    public ReadInboxTool(CoordPort port) {
        this.port = port;
    }

    public record Params(
            @Param(
                            value = "true (default): only messages you have not read yet; false: all",
                            presence = Presence.OPTIONAL)
                    Boolean unreadOnly,
            @Param(value = "most messages to return; default 20", presence = Presence.OPTIONAL) Integer limit) {}

    @Override
    public String name() {
        return "read_inbox";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        CoordPort.Identity me = CoordCalls.me(port, ctx, name());
        boolean unread = !Boolean.FALSE.equals(p.unreadOnly());
        int limit = p.limit() == null ? DEFAULT_LIMIT : p.limit();
        if (limit < 1 || limit > 200) throw new ToolFailure("limit " + limit + " must be between 1 and 200");
        MessageOps.InboxResult r = CoordCalls.call(
                port, new MessageOps.ReadInbox(me.space(), me.name(), 0, unread, limit, MessageOps.ReadMark.mark));
        if (r.messages().isEmpty())
            return ToolResult.ok(unread ? "no unread messages" : "your inbox is empty", Map.of("count", 0));
        StringBuilder b = new StringBuilder();
        for (MessageOps.InboxItem i : r.messages()) {
            MessageOps.MessageView m = i.message();
            b.append(m.id()).append(" from ").append(m.from());
            if (m.importance() == MessageOps.Importance.high) b.append(" [high]");
            if (!m.thread().equals(m.id()))
                b.append(" (thread ").append(m.thread()).append(')');
            b.append(" at ").append(m.sentAt()).append(":\n").append(m.text()).append("\n\n");
        }
        return ToolResult.ok(b.toString().strip(), Map.of("count", r.messages().size()));
    }
}
