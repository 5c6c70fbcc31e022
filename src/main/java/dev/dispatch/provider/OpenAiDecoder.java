package dev.dispatch.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Reads a Chat Completions stream: {@code data:} chunks whose {@code choices[0].delta} carries text
 * and index-keyed {@code tool_calls} fragments (the id and name in the first fragment of each call,
 * arguments spread over the rest), a {@code finish_reason}, a final usage-only chunk (from
 * {@code stream_options}), then {@code data: [DONE]}. Servers differ in the details, so it tolerates
 * a missing index or id, arguments sent whole (Ollama), and a stream that ends without {@code [DONE]}.
 */
final class OpenAiDecoder implements StreamDecoder {
    private final Consumer<ModelEvent> events;
    private final Map<Integer, ToolCallBuffer> calls = new TreeMap<>();
    /** Calls announced with {@link ModelEvent.ToolCallStarted}, by index. */
    private final Set<Integer> started = new TreeSet<>();

    private boolean emitted;
    private String finishReason;
    private ModelEvent.Usage usage;

    OpenAiDecoder(Consumer<ModelEvent> events) {
        this.events = events;
    }

    @Override
    public Outcome onEvent(SseParser.SseEvent event) {
        if (event.data().strip().equals("[DONE]")) return finish();
        JsonNode chunk;
        try {
            chunk = Json.mapper().readTree(event.data());
        } catch (JsonProcessingException e) {
            return new Errored("invalid_stream", "unreadable chunk: " + e.getOriginalMessage());
        }
        if (chunk.hasNonNull("error")) {
            JsonNode error = chunk.get("error");
            String message =
                    error.isTextual() ? error.asText() : error.path("message").asText(error.toString());
            return new Errored(error.path("type").asText(error.path("code").asText("error")), message);
        }
        JsonNode usageNode = chunk.path("usage");
        if (usageNode.isObject()) usage = usage(usageNode);
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isObject()) {
            JsonNode delta = choice.path("delta");
            String text =
                    delta.path("content").isTextual() ? delta.get("content").asText() : "";
            if (!text.isEmpty()) emit(new ModelEvent.TextDelta(text));
            int position = 0;
            for (JsonNode fragment : delta.path("tool_calls")) toolFragment(fragment, position++);
            String reason = choice.path("finish_reason").asText("");
            if (!reason.isEmpty() && !choice.path("finish_reason").isNull()) {
                finishReason = reason;
                completeCalls();
            }
        }
        return null;
    }

    @Override
    public Outcome onEnd() {
        if (finishReason == null) return new Errored("incomplete_stream", "the stream ended before a finish_reason");
        return finish();
    }

    @Override
    public boolean emittedContent() {
        return emitted;
    }

    private void toolFragment(JsonNode fragment, int position) {
        int index = fragment.path("index").isInt() ? fragment.get("index").asInt() : position;
        JsonNode function = fragment.path("function");
        ToolCallBuffer call = calls.computeIfAbsent(index, i -> new ToolCallBuffer(i, null, null));
        if (fragment.hasNonNull("id") && !fragment.get("id").asText().isEmpty())
            call.id = fragment.get("id").asText();
        if (function.hasNonNull("name") && !function.get("name").asText().isEmpty()) {
            call.name = function.get("name").asText();
        }
        JsonNode args = function.path("arguments");
        String piece = args.isTextual() ? args.asText() : args.isObject() ? args.toString() : "";
        if (!piece.isEmpty()) call.append(piece);
        if (!started.contains(index)) {
            // Some servers name the call after its first fragment; announce it once the name is known.
            if (call.name == null) return;
            start(call);
            String soFar = call.argumentsSoFar();
            if (!soFar.isEmpty()) emit(new ModelEvent.ToolCallArgumentsDelta(index, call.id, soFar));
        } else if (!piece.isEmpty()) {
            emit(new ModelEvent.ToolCallArgumentsDelta(index, call.id, piece));
        }
    }

    private void completeCalls() {
        for (Map.Entry<Integer, ToolCallBuffer> entry : calls.entrySet()) {
            ToolCallBuffer call = entry.getValue();
            if (call.name == null) continue;
            if (!started.contains(entry.getKey())) start(call);
            emit(call.complete());
        }
        calls.clear();
    }

    private void start(ToolCallBuffer call) {
        if (call.id == null) call.id = syntheticId(call.index);
        started.add(call.index);
        emit(new ModelEvent.ToolCallStarted(call.index, call.id, call.name));
    }

    private Outcome finish() {
        completeCalls();
        if (usage != null) events.accept(usage);
        String raw = finishReason == null ? "stop" : finishReason;
        StopReason reason = reason(raw);
        // Ollama and some vLLM models say "stop" after calling tools; the calls are what matter.
        if (!started.isEmpty() && reason == StopReason.END_TURN) reason = StopReason.TOOL_USE;
        return new Finished(reason, raw);
    }

    private void emit(ModelEvent event) {
        emitted = true;
        events.accept(event);
    }

    /** OpenAI counts cached tokens inside prompt_tokens; {@link ModelEvent.Usage} keeps them apart. */
    private static ModelEvent.Usage usage(JsonNode node) {
        long prompt = node.path("prompt_tokens").asLong(0);
        long cached = node.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        return new ModelEvent.Usage(
                Math.max(0, prompt - cached), node.path("completion_tokens").asLong(0), cached, 0);
    }

    private static String syntheticId(int index) {
        return "call_" + index + "_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    static StopReason reason(String raw) {
        return switch (raw) {
            case "stop" -> StopReason.END_TURN;
            case "tool_calls", "function_call" -> StopReason.TOOL_USE;
            case "length" -> StopReason.MAX_TOKENS;
            case "content_filter" -> StopReason.REFUSAL;
            default -> StopReason.OTHER;
        };
    }
}
