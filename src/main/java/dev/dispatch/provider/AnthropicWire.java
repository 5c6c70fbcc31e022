package dev.dispatch.provider;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.Json;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Anthropic Messages API: {@code POST /v1/messages} with {@code stream: true}, the system prompt
 * top-level, tool calls and results as {@code tool_use}/{@code tool_result} content blocks.
 *
 * <p>Prompt caching: the system prompt, the last tool and the last message get a
 * {@code cache_control} breakpoint, so each turn of an agent loop re-reads the previous turn's prefix
 * from the cache instead of paying for it again (prefixes under the model's minimum are simply not
 * cached).
 */
final class AnthropicWire implements WireFormat {
    static final String API_VERSION = "2023-06-01";

    @Override
    public URI endpoint(URI baseUrl) {
        // Users copy either "https://api.anthropic.com" or ".../v1" from docs; both mean the same API.
        String base = baseUrl.toString().replaceAll("/+$", "");
        return base.endsWith("/v1") ? Endpoints.join(baseUrl, "messages") : Endpoints.join(baseUrl, "v1/messages");
    }

    @Override
    public Map<String, String> headers(ApiKey key) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (key.isPresent()) headers.put("x-api-key", key.secret());
        headers.put("anthropic-version", API_VERSION);
        return headers;
    }

    @Override
    public byte[] encode(ModelRequest request, ProviderSettings settings) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("model", request.model() != null ? request.model() : settings.model());
        body.put("max_tokens", request.maxTokens() != null ? request.maxTokens() : settings.maxTokens());
        body.put("stream", true);
        Double temperature = request.temperature() != null ? request.temperature() : settings.temperature();
        if (temperature != null) body.put("temperature", temperature);
        if (request.system() != null && !request.system().isBlank()) {
            ObjectNode block = body.putArray("system").addObject();
            block.put("type", "text").put("text", request.system());
            cacheBreakpoint(block);
        }
        ArrayNode messages = body.putArray("messages");
        for (Message message : request.messages()) messages.add(message(message));
        markLastBlock(messages);
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition tool : request.tools()) {
                tools.addObject()
                        .put("name", tool.name())
                        .put("description", tool.description())
                        .set("input_schema", tool.inputSchema());
            }
            cacheBreakpoint((ObjectNode) tools.get(tools.size() - 1));
        }
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public StreamDecoder decoder(Consumer<ModelEvent> events) {
        return new AnthropicDecoder(events);
    }

    private static ObjectNode message(Message message) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("role", message.role() == Message.Role.USER ? "user" : "assistant");
        ArrayNode content = node.putArray("content");
        for (ContentBlock block : message.content()) {
            // instanceof, not a pattern switch: each such switch spins a class at its first run (issue #19)
            if (block instanceof ContentBlock.Text t) {
                // The API rejects empty text blocks; an empty one carries nothing anyway.
                if (!t.text().isEmpty()) content.addObject().put("type", "text").put("text", t.text());
            } else if (block instanceof ContentBlock.ToolUse u) {
                content.addObject()
                        .put("type", "tool_use")
                        .put("id", u.id())
                        .put("name", u.name())
                        .set("input", u.input());
            } else {
                ContentBlock.ToolResult r = (ContentBlock.ToolResult) block;
                ObjectNode result = content.addObject()
                        .put("type", "tool_result")
                        .put("tool_use_id", r.toolUseId())
                        .put("content", r.content());
                if (r.status() == ContentBlock.ResultStatus.ERROR) result.put("is_error", true);
            }
        }
        return node;
    }

    private static void markLastBlock(ArrayNode messages) {
        if (messages.isEmpty()) return;
        ArrayNode content = (ArrayNode) messages.get(messages.size() - 1).get("content");
        if (!content.isEmpty()) cacheBreakpoint((ObjectNode) content.get(content.size() - 1));
    }

    private static void cacheBreakpoint(ObjectNode block) {
        block.putObject("cache_control").put("type", "ephemeral");
    }
}
