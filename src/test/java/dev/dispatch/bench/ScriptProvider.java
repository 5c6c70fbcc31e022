package dev.dispatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Cancellation;
import dev.dispatch.protocol.Json;
import dev.dispatch.provider.ContentBlock;
import dev.dispatch.provider.ModelEvent;
import dev.dispatch.provider.ModelRequest;
import dev.dispatch.provider.Provider;
import dev.dispatch.provider.ProviderSettings;
import dev.dispatch.provider.ProviderType;
import dev.dispatch.provider.StopReason;
import java.util.List;
import java.util.function.Consumer;

/**
 * The model for {@link AgentTurnBench}: answers instantly from memory. With {@code toolCalls} = 0 it
 * streams a short text; otherwise its first answer to each input asks for that many
 * {@link ProbeTool} calls (unique ids, parsed arguments as a provider adapter hands them over) and its
 * answer after their results is the short text.
 */
final class ScriptProvider implements Provider {
    private static final String ARGS = "{\"path\":\"src\",\"note\":\"bench\",\"repeat\":2}";
    private static final JsonNode PARSED = parse(ARGS);
    private final int toolCalls;
    private final ProviderSettings settings = ProviderSettings.of("bench", ProviderType.OPENAI, "bench-model", 1024);
    private long nextId;
    /** The agent this provider serves, set by the bench once started. */
    volatile String agentId;

    ScriptProvider(int toolCalls) {
        this.toolCalls = toolCalls;
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public ProviderSettings settings() {
        return settings;
    }

    @Override
    public ModelEvent.Terminal stream(ModelRequest request, Consumer<ModelEvent> events, Cancellation cancellation) {
        var last = request.messages().get(request.messages().size() - 1);
        boolean afterTools = last.content().stream().anyMatch(b -> b instanceof ContentBlock.ToolResult);
        if (toolCalls > 0 && !afterTools) {
            for (int i = 0; i < toolCalls; i++) {
                String id = "call_" + nextId++;
                events.accept(new ModelEvent.ToolCallStarted(i, id, "bench_probe"));
                events.accept(new ModelEvent.ToolCallCompleted(i, id, "bench_probe", ARGS, PARSED, null));
            }
            return stop(events, StopReason.TOOL_USE, "tool_use");
        }
        for (String piece : List.of("Done ", "with ", "that.")) events.accept(new ModelEvent.TextDelta(piece));
        return stop(events, StopReason.END_TURN, "end_turn");
    }

    private static ModelEvent.Terminal stop(Consumer<ModelEvent> events, StopReason reason, String raw) {
        events.accept(new ModelEvent.Usage(100, 10, 0, 0));
        var stop = new ModelEvent.Stopped(reason, raw);
        events.accept(stop);
        return stop;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
