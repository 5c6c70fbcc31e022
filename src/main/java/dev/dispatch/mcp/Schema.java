package dev.dispatch.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tool's input schema, built by hand (JSON Schema 2020-12 subset: object of typed properties, required
 * names, no other properties) and kept beside the argument reader, which checks calls against the same
 * declaration: a name the schema does not list is refused, not ignored.
 */
final class Schema {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** One declared argument: its JSON type ({@code string}, {@code integer}, {@code boolean}, {@code array}). */
    record Prop(String type, boolean required) {}

    private final ObjectNode props = F.objectNode();
    private final ArrayNode required = F.arrayNode();
    final Map<String, Prop> declared = new LinkedHashMap<>();

    Schema str(String name, boolean req, String description) {
        return add(name, "string", req, description);
    }

    Schema integer(String name, boolean req, String description) {
        return add(name, "integer", req, description);
    }

    Schema bool(String name, String description) {
        return add(name, "boolean", false, description);
    }

    Schema strings(String name, boolean req, String description) {
        add(name, "array", req, description);
        ((ObjectNode) props.get(name)).putObject("items").put("type", "string");
        return this;
    }

    /** A string restricted to {@code values}. */
    Schema choice(String name, java.util.List<String> values, String description) {
        add(name, "string", false, description);
        ArrayNode e = ((ObjectNode) props.get(name)).putArray("enum");
        values.forEach(e::add);
        return this;
    }

    /** {@code space} and the acting agent are declared by every tool that takes them; see {@link ToolContext}. */
    Schema space() {
        return str(
                "space",
                false,
                "Project space. Default: the space of this session's agent (an agent may use no other).");
    }

    Schema agent(String role) {
        return str(
                "agent",
                false,
                role + " Default: this session's agent; naming another agent is refused (use its own token).");
    }

    private Schema add(String name, String type, boolean req, String description) {
        ObjectNode p = props.putObject(name);
        p.put("type", type);
        p.put("description", description);
        if (req) required.add(name);
        declared.put(name, new Prop(type, req));
        return this;
    }

    ObjectNode json() {
        ObjectNode o = F.objectNode();
        o.put("type", "object");
        o.set("properties", props.deepCopy());
        if (!required.isEmpty()) o.set("required", required.deepCopy());
        o.put("additionalProperties", false);
        return o;
    }
}
