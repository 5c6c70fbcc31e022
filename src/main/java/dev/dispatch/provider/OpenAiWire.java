package dev.dispatch.provider;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.Json;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * OpenAI Chat Completions as OpenAI, Ollama ({@code /v1}), vLLM, LM Studio, llama.cpp server and
 * OpenRouter speak it: the system prompt as the first message, tool calls as {@code tool_calls} on
 * assistant messages (arguments as a JSON string), each tool result as a {@code role: tool} message,
 * usage requested through {@code stream_options}.
 */
final class OpenAiWire implements WireFormat {
    private final boolean officialApi;

    /** @param baseUrl decides between {@code max_completion_tokens} (OpenAI itself) and {@code max_tokens} */
    OpenAiWire(URI baseUrl) {
        // OpenAI's newer models reject max_tokens; the compatible servers know only max_tokens.
        this.officialApi =
                "api.openai.com".equals(String.valueOf(baseUrl.getHost()).toLowerCase(Locale.ROOT));
    }

    @Override
    public URI endpoint(URI baseUrl) {
        return Endpoints.join(baseUrl, "chat/completions");
    }

    @Override
    public Map<String, String> headers(ApiKey key) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (key.isPresent()) headers.put("Authorization", "Bearer " + key.secret());
        return headers;
    }

    @Override
    public byte[] encode(ModelRequest request, ProviderSettings settings) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("model", request.model() != null ? request.model() : settings.model());
        body.put(
                officialApi ? "max_completion_tokens" : "max_tokens",
                request.maxTokens() != null ? request.maxTokens() : settings.maxTokens());
        Double temperature = request.temperature() != null ? request.temperature() : settings.temperature();
        if (temperature != null) body.put("temperature", temperature);
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        ArrayNode messages = body.putArray("messages");
        if (request.system() != null && !request.system().isBlank()) {
            messages.addObject().put("role", "system").put("content", request.system());
        }
        for (Message message : request.messages()) {
            if (message.role() == Message.Role.USER) user(messages, message);
            else assistant(messages, message);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition tool : request.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", tool.name()).put("description", tool.description());
                function.set("parameters", tool.inputSchema());
            }
        }
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public StreamDecoder decoder(Consumer<ModelEvent> events) {
        return new OpenAiDecoder(events);
    }

    /** Tool results first (they must directly follow the assistant's tool_calls), then any text. */
    private static void user(ArrayNode messages, Message message) {
        List<String> texts = new ArrayList<>();
        for (ContentBlock block : message.content()) {
            switch (block) {
                case ContentBlock.ToolResult r ->
                    messages.addObject()
                            .put("role", "tool")
                            .put("tool_call_id", r.toolUseId())
                            .put(
                                    "content",
                                    r.status() == ContentBlock.ResultStatus.ERROR
                                            ? "Error: " + r.content()
                                            : r.content());
                case ContentBlock.Text t -> texts.add(t.text());
                case ContentBlock.ToolUse u ->
                    throw new IllegalArgumentException("a user message cannot contain a tool call (" + u.name()
                            + "); tool calls belong to the assistant");
            }
        }
        if (!texts.isEmpty()) messages.addObject().put("role", "user").put("content", String.join("\n\n", texts));
    }

    private static void assistant(ArrayNode messages, Message message) {
        ObjectNode node = messages.addObject().put("role", "assistant");
        StringBuilder text = new StringBuilder();
        ArrayNode calls = Json.mapper().createArrayNode();
        for (ContentBlock block : message.content()) {
            switch (block) {
                case ContentBlock.Text t -> text.append(t.text());
                case ContentBlock.ToolUse u -> {
                    ObjectNode call = calls.addObject().put("id", u.id()).put("type", "function");
                    call.putObject("function")
                            .put("name", u.name())
                            .put("arguments", u.input().toString());
                }
                case ContentBlock.ToolResult r ->
                    throw new IllegalArgumentException("an assistant message cannot contain a tool result ("
                            + r.toolUseId() + "); results belong to the user turn");
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) node.putNull("content");
        else node.put("content", text.toString());
        if (!calls.isEmpty()) node.set("tool_calls", calls);
    }
}
