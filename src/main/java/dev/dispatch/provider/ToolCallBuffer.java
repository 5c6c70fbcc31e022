package dev.dispatch.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.dispatch.protocol.Json;

/**
 * Collects one streamed tool call's argument fragments and, when they are complete, parses them so
 * that consumers only ever see whole arguments. Empty arguments mean {@code {}} (models calling a
 * tool without parameters often send nothing).
 */
final class ToolCallBuffer {
    /** Trailing tokens fail: {@code {"a":1}{"b":2}} is not one arguments object. */
    private static final ObjectReader READER =
            Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    final int index;
    String id;
    String name;
    private final StringBuilder arguments = new StringBuilder();

    ToolCallBuffer(int index, String id, String name) {
        this.index = index;
        this.id = id;
        this.name = name;
    }

    void append(String fragment) {
        arguments.append(fragment);
    }

    String argumentsSoFar() {
        return arguments.toString();
    }

    ModelEvent.ToolCallCompleted complete() {
        String json = arguments.toString().isBlank() ? "{}" : arguments.toString();
        try {
            JsonNode parsed = READER.readTree(json);
            if (parsed == null || !parsed.isObject()) {
                return new ModelEvent.ToolCallCompleted(
                        index, id, name, json, null, "arguments of " + name + " must be a JSON object, got: " + json);
            }
            return new ModelEvent.ToolCallCompleted(index, id, name, json, parsed, null);
        } catch (JsonProcessingException e) {
            return new ModelEvent.ToolCallCompleted(
                    index,
                    id,
                    name,
                    json,
                    null,
                    "arguments of " + name + " are not valid JSON: " + e.getOriginalMessage());
        }
    }
}
