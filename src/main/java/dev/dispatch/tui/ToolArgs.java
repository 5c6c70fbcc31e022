package dev.dispatch.tui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a tool call's JSON arguments for display: the one-line summary a collapsed block shows (the
 * shell command, the file path) and the key/value lines of an expanded block. Arguments that are not
 * JSON are shown as they are.
 */
final class ToolArgs {
    private static final List<String> SUMMARY_KEYS =
            List.of("command", "cmd", "path", "file_path", "file", "pattern", "query", "url");

    private ToolArgs() {}

    static String summary(String argumentsJson) {
        JsonNode n = parse(argumentsJson);
        if (n == null || !n.isObject()) return oneLine(argumentsJson);
        for (String k : SUMMARY_KEYS) {
            JsonNode v = n.get(k);
            if (v != null && v.isValueNode()) return oneLine(v.asText());
        }
        return oneLine(n.toString());
    }

    static List<String> lines(String argumentsJson) {
        JsonNode n = parse(argumentsJson);
        List<String> out = new ArrayList<>();
        if (n == null || !n.isObject()) {
            out.add(argumentsJson);
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            out.add(e.getKey() + ": " + (v.isValueNode() ? v.asText() : v.toString()));
        }
        return out;
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) return null;
        try {
            return Json.mapper().readTree(json);
        } catch (Exception notJson) {
            return null;
        }
    }

    private static String oneLine(String s) {
        return TextWrap.sanitize(s).replace('\n', ' ');
    }
}
