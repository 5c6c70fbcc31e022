package dev.dispatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An MCP {@code tools/call} result as the text a model reads: the text blocks as they are, other blocks
 * (images, audio, resources, links) named by what they are, and {@code structuredContent} as JSON when
 * there is no text.
 */
final class McpResults {
    private McpResults() {}

    static String text(JsonNode result) {
        List<String> parts = new ArrayList<>();
        for (JsonNode c : result.path("content")) {
            String type = c.path("type").asText("");
            switch (type) {
                case "text" -> parts.add(c.path("text").asText(""));
                case "image", "audio" ->
                    parts.add("[" + type + " " + c.path("mimeType").asText("?") + ", "
                            + c.path("data").asText("").length() * 3 / 4 + " bytes]");
                case "resource" -> {
                    JsonNode r = c.path("resource");
                    parts.add(
                            r.has("text")
                                    ? r.path("text").asText()
                                    : "[resource " + r.path("uri").asText("?") + ", "
                                            + r.path("mimeType").asText("?") + "]");
                }
                case "resource_link" ->
                    parts.add("[resource link " + c.path("uri").asText("?") + "]");
                default -> parts.add("[" + (type.isEmpty() ? "unknown" : type) + " content]");
            }
        }
        if (parts.isEmpty() && result.has("structuredContent"))
            return result.get("structuredContent").toString();
        return String.join("\n", parts);
    }
}
