package dev.dispatch.tool;

import dev.dispatch.protocol.KnowledgeOps;
import java.util.Map;

/** {@code kb_write}: writes a new version of a knowledge topic, authored by the calling agent. */
public final class KbWriteTool implements Tool<KbWriteTool.Params> {
    private final CoordPort port;

    public KbWriteTool(CoordPort port) {
        this.port = port;
    }

    public record Params(
            @Param("the topic, a slash-separated name such as research/oauth") String topic,
            @Param("the whole new text of the topic (it replaces the previous version; older ones stay readable)")
                    String text) {}

    @Override
    public String name() {
        return "kb_write";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        if (CoordCalls.blank(p.topic())) throw new ToolFailure("kb_write needs a topic");
        if (p.text() == null || p.text().isBlank()) throw new ToolFailure("kb_write needs text");
        CoordPort.Identity me = CoordCalls.me(port, ctx, name());
        KnowledgeOps.TopicView t = CoordCalls.call(
                port, new KnowledgeOps.WriteTopic(me.space(), p.topic().strip(), p.text(), me.name()));
        return ToolResult.ok("wrote " + t.topic() + " v" + t.version(), Map.of("version", t.version()));
    }
}
