package dev.dispatch.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.Json;
import dev.dispatch.provider.ContentBlock;
import dev.dispatch.provider.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts conversation messages to and from the JSON the session store keeps, and to the plain text
 * kept for search. The format is ours (not a provider's), so sessions outlive wire-format changes and
 * can be continued on another provider.
 */
final class Conversation {
    private Conversation() {}

    static String toJson(Message m) {
        ArrayNode blocks = Json.mapper().createArrayNode();
        for (ContentBlock b : m.content()) {
            ObjectNode o = blocks.addObject();
            // instanceof, not a pattern switch: each such switch spins a class at its first run (issue #19)
            if (b instanceof ContentBlock.Text t) {
                o.put("type", "text").put("text", t.text());
            } else if (b instanceof ContentBlock.ToolUse u) {
                o.put("type", "tool_use").put("id", u.id()).put("name", u.name());
                o.set("input", u.input());
            } else {
                ContentBlock.ToolResult r = (ContentBlock.ToolResult) b;
                o.put("type", "tool_result")
                        .put("tool_use_id", r.toolUseId())
                        .put("content", r.content())
                        .put("is_error", r.status() == ContentBlock.ResultStatus.ERROR);
            }
        }
        return blocks.toString();
    }

    static Message fromJson(String role, String json) {
        List<ContentBlock> blocks = new ArrayList<>();
        try {
            for (JsonNode o : Json.mapper().readTree(json)) {
                blocks.add(
                        switch (o.path("type").asText()) {
                            case "text" -> new ContentBlock.Text(o.path("text").asText());
                            case "tool_use" ->
                                new ContentBlock.ToolUse(
                                        o.path("id").asText(), o.path("name").asText(), o.path("input"));
                            case "tool_result" ->
                                new ContentBlock.ToolResult(
                                        o.path("tool_use_id").asText(),
                                        o.path("content").asText(),
                                        o.path("is_error").asBoolean()
                                                ? ContentBlock.ResultStatus.ERROR
                                                : ContentBlock.ResultStatus.OK);
                            default -> throw new IllegalArgumentException("unknown block type " + o.path("type"));
                        });
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("stored message is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return new Message("assistant".equals(role) ? Message.Role.ASSISTANT : Message.Role.USER, blocks);
    }

    static String role(Message m) {
        return m.role() == Message.Role.ASSISTANT ? "assistant" : "user";
    }

    /** Readable text of a message: its text blocks, tool calls as {@code [tool name]}, results as-is. */
    static String plainText(Message m) {
        StringBuilder sb = new StringBuilder();
        for (ContentBlock b : m.content()) {
            if (!sb.isEmpty()) sb.append('\n');
            if (b instanceof ContentBlock.Text t) sb.append(t.text());
            else if (b instanceof ContentBlock.ToolUse u)
                sb.append('[').append(u.name()).append(' ').append(u.input()).append(']');
            else sb.append(((ContentBlock.ToolResult) b).content());
        }
        return sb.toString();
    }

    /** A rough token count (4 characters per token), for the context-window check before a call. */
    static long estimateTokens(List<Message> messages, String system) {
        long chars = system == null ? 0 : system.length();
        for (Message m : messages) chars += plainText(m).length();
        return chars / 4;
    }
}
