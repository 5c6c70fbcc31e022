package dev.dispatch.tool;

import dev.dispatch.protocol.MessageOps;
import dev.dispatch.tool.Param.Presence;
import java.util.Map;

/** {@code send_message}: a coordination message from the calling agent (never in another's name). */
public final class SendMessageTool implements Tool<SendMessageTool.Params> {
    private final CoordPort port;

    public SendMessageTool(CoordPort port) {
        this.port = port;
    }

    public enum Importance {
        LOW,
        NORMAL,
        HIGH
    }

    public record Params(
            @Param("an agent name, or parent, children or all (every other agent of the space)") String to,
            @Param("the message") String text,
            @Param(
                            value = "a thread id to reply in (a message id); default: a new thread",
                            presence = Presence.OPTIONAL)
                    String thread,
            @Param(value = "low, normal (default) or high", presence = Presence.OPTIONAL) Importance importance) {}

    @Override
    public String name() {
        return "send_message";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        if (CoordCalls.blank(p.to()))
            throw new ToolFailure("send_message needs to: an agent name, parent, children or all");
        if (CoordCalls.blank(p.text())) throw new ToolFailure("send_message needs text");
        CoordPort.Identity me = CoordCalls.me(port, ctx, name());
        MessageOps.Importance importance = p.importance() == null
                ? MessageOps.Importance.normal
                : MessageOps.Importance.valueOf(p.importance().name().toLowerCase(java.util.Locale.ROOT));
        MessageOps.SendResult r = CoordCalls.call(
                port,
                new MessageOps.SendMessage(
                        me.space(),
                        me.name(),
                        p.to().strip(),
                        p.text(),
                        CoordCalls.blank(p.thread()) ? null : p.thread(),
                        importance,
                        false));
        return ToolResult.ok(
                "sent " + r.message().id() + " to " + String.join(", ", r.recipients()),
                Map.of("message_id", r.message().id()));
    }
}
