package dev.dispatch.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A request {@link ScriptedModelServer} received, for assertions on what the model was sent.
 *
 * @param headers by lower-case name
 * @param body the raw body
 * @param json the parsed body, or null when it was not JSON
 */
public record RecordedRequest(
        String method, String path, Map<String, List<String>> headers, String body, JsonNode json) {

    /** The first value of a header (any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
