package dev.dispatch.tool;

import dev.dispatch.protocol.KnowledgeOps;
import dev.dispatch.tool.Param.Presence;
import java.util.Map;

/** {@code kb_read}: one topic of the space's shared knowledge base, latest or a given version. */
public final class KbReadTool implements Tool<KbReadTool.Params> {
    private final CoordPort port;

    public KbReadTool(CoordPort port) {
        this.port = port;
    }

    public record Params(
            @Param("the topic, a slash-separated name such as design/auth") String topic,
            @Param(value = "a version number; default: the latest", presence = Presence.OPTIONAL) Integer version) {}

    @Override
    public String name() {
        return "kb_read";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        if (CoordCalls.blank(p.topic())) throw new ToolFailure("kb_read needs a topic (kb_search finds them)");
        CoordPort.Identity me = CoordCalls.me(port, ctx, name());
        KnowledgeOps.TopicView t = CoordCalls.call(
                port, new KnowledgeOps.ReadTopic(me.space(), p.topic().strip(), p.version() == null ? 0 : p.version()));
        return ToolResult.ok(
                t.topic() + " v" + t.version() + (t.agent() == null ? "" : " by " + t.agent()) + " at " + t.writtenAt()
                        + ":\n\n" + t.text(),
                Map.of("version", t.version()));
    }
}
