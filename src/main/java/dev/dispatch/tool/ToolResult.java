package dev.dispatch.tool;

import java.util.Map;

/**
 * What a tool call returns: the text the model reads, whether it is an error (the model should
 * correct itself), and structured metadata for faces and logs (exit code, truncated flag, paths).
 */
public record ToolResult(String text, boolean isError, Map<String, Object> metadata) {
    public ToolResult {
        text = text == null ? "" : text;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static ToolResult ok(String text) {
        return new ToolResult(text, false, Map.of());
    }

    public static ToolResult ok(String text, Map<String, Object> metadata) {
        return new ToolResult(text, false, metadata);
    }

    public static ToolResult error(String text) {
        return new ToolResult(text, true, Map.of());
    }

    public static ToolResult error(String text, Map<String, Object> metadata) {
        return new ToolResult(text, true, metadata);
    }
}
