package dev.dispatch.tool;

import dev.dispatch.protocol.KnowledgeOps;
import dev.dispatch.tool.Param.Presence;
import java.util.List;
import java.util.Map;

/** {@code kb_search}: ranked full-text search over the space's knowledge topics, messages and tasks. */
public final class KbSearchTool implements Tool<KbSearchTool.Params> {
    static final int DEFAULT_LIMIT = 10;

    private final CoordPort port;

    public KbSearchTool(CoordPort port) {
        this.port = port;
    }

    public record Params(
            @Param("words to search for") String query,
            @Param(value = "limit to these kinds: topic, message, task; default all", presence = Presence.OPTIONAL)
                    List<String> kinds,
            @Param(value = "most hits to return; default 10", presence = Presence.OPTIONAL) Integer limit) {}

    @Override
    public String name() {
        return "kb_search";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) {
        if (CoordCalls.blank(p.query())) throw new ToolFailure("kb_search needs a query");
        int limit = p.limit() == null ? DEFAULT_LIMIT : p.limit();
        if (limit < 1 || limit > 100) throw new ToolFailure("limit " + limit + " must be between 1 and 100");
        CoordPort.Identity me = CoordCalls.me(port, ctx, name());
        KnowledgeOps.SearchResult r = CoordCalls.call(
                port,
                new KnowledgeOps.SearchKnowledge(
                        me.space(), p.query(), p.kinds() == null ? List.of() : p.kinds(), limit));
        if (r.hits().isEmpty()) return ToolResult.ok("no matches for " + r.terms(), Map.of("count", 0));
        StringBuilder b = new StringBuilder();
        for (KnowledgeOps.SearchHit h : r.hits()) {
            b.append(h.kind()).append(' ').append(h.id());
            if (h.title() != null) b.append(" — ").append(h.title());
            b.append('\n').append("  ").append(h.snippet()).append('\n');
        }
        return ToolResult.ok(b.toString().strip(), Map.of("count", r.hits().size()));
    }
}
