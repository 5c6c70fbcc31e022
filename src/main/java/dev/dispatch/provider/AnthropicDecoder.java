package dev.dispatch.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads an Anthropic Messages stream: {@code message_start} (input and cache usage),
 * {@code content_block_start/delta/stop} (text, {@code tool_use} with {@code input_json_delta}),
 * {@code message_delta} (stop reason, output usage), {@code message_stop}, {@code ping},
 * {@code error}. Unknown events and block types (thinking, citations) are skipped, as Anthropic's
 * versioning policy asks of clients.
 */
final class AnthropicDecoder implements StreamDecoder {
    private final Consumer<ModelEvent> events;
    /** Open tool_use blocks by content-block index. */
    private final Map<Integer, ToolCallBuffer> tools = new HashMap<>();

    private int toolCount;
    private boolean emitted;
    private long input;
    private long output;
    private long cacheRead;
    private long cacheWrite;
    private String stopReason;

    AnthropicDecoder(Consumer<ModelEvent> events) {
        this.events = events;
    }

    @Override
    public Outcome onEvent(SseParser.SseEvent event) {
        JsonNode data;
        try {
            data = Json.mapper().readTree(event.data());
        } catch (JsonProcessingException e) {
            return new Errored("invalid_stream", "unreadable '" + event.event() + "' event: " + e.getOriginalMessage());
        }
        String type = data.path("type").asText(event.event());
        switch (type) {
            case "message_start" -> usage(data.path("message").path("usage"));
            case "content_block_start" -> blockStart(data.path("index").asInt(), data.path("content_block"));
            case "content_block_delta" -> blockDelta(data.path("index").asInt(), data.path("delta"));
            case "content_block_stop" -> blockStop(data.path("index").asInt());
            case "message_delta" -> {
                String reason = data.path("delta").path("stop_reason").asText("");
                if (!reason.isEmpty()) stopReason = reason;
                usage(data.path("usage"));
            }
            case "message_stop" -> {
                return finish();
            }
            case "error" -> {
                JsonNode error = data.path("error");
                return new Errored(
                        error.path("type").asText("error"),
                        error.path("message").asText(event.data()));
            }
            default -> {
                // "ping" and event types newer than this adapter.
            }
        }
        return null;
    }

    @Override
    public Outcome onEnd() {
        return new Errored("incomplete_stream", "the stream ended before message_stop");
    }

    @Override
    public boolean emittedContent() {
        return emitted;
    }

    private void blockStart(int index, JsonNode block) {
        if (!"tool_use".equals(block.path("type").asText())) {
            String text = block.path("text").asText("");
            if (!text.isEmpty()) emit(new ModelEvent.TextDelta(text));
            return;
        }
        ToolCallBuffer call = new ToolCallBuffer(
                toolCount++, block.path("id").asText(), block.path("name").asText());
        tools.put(index, call);
        emit(new ModelEvent.ToolCallStarted(call.index, call.id, call.name));
    }

    private void blockDelta(int index, JsonNode delta) {
        switch (delta.path("type").asText()) {
            case "text_delta" -> {
                String text = delta.path("text").asText("");
                if (!text.isEmpty()) emit(new ModelEvent.TextDelta(text));
            }
            case "input_json_delta" -> {
                ToolCallBuffer call = tools.get(index);
                String fragment = delta.path("partial_json").asText("");
                if (call != null && !fragment.isEmpty()) {
                    call.append(fragment);
                    emit(new ModelEvent.ToolCallArgumentsDelta(call.index, call.id, fragment));
                }
            }
            default -> {
                // thinking_delta, signature_delta, citations_delta: not shown, not replayed.
            }
        }
    }

    private void blockStop(int index) {
        ToolCallBuffer call = tools.remove(index);
        if (call != null) emit(call.complete());
    }

    /** Anthropic reports usage in parts (input at the start, output at the end); later figures win. */
    private void usage(JsonNode usage) {
        if (usage.isMissingNode() || usage.isNull()) return;
        input = count(usage, "input_tokens", input);
        output = count(usage, "output_tokens", output);
        cacheRead = count(usage, "cache_read_input_tokens", cacheRead);
        cacheWrite = count(usage, "cache_creation_input_tokens", cacheWrite);
    }

    /** A token count, or {@code previous} when absent or null (message_delta may send nulls). */
    static long count(JsonNode usage, String field, long previous) {
        JsonNode value = usage.path(field);
        return value.isNumber() ? value.asLong() : previous;
    }

    private Outcome finish() {
        for (ToolCallBuffer call : tools.values()) emit(call.complete());
        tools.clear();
        events.accept(new ModelEvent.Usage(input, output, cacheRead, cacheWrite));
        String raw = stopReason == null ? "end_turn" : stopReason;
        return new Finished(reason(raw), raw);
    }

    private void emit(ModelEvent event) {
        emitted = true;
        events.accept(event);
    }

    static StopReason reason(String raw) {
        return switch (raw) {
            case "end_turn" -> StopReason.END_TURN;
            case "tool_use" -> StopReason.TOOL_USE;
            case "max_tokens", "model_context_window_exceeded" -> StopReason.MAX_TOKENS;
            case "stop_sequence" -> StopReason.STOP_SEQUENCE;
            case "refusal" -> StopReason.REFUSAL;
            case "pause_turn" -> StopReason.PAUSED;
            default -> StopReason.OTHER;
        };
    }
}
