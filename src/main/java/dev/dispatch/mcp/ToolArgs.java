package dev.dispatch.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The arguments of one tool call, read against the tool's {@link Schema}: an unknown name, a missing
 * required one or a value of the wrong type is a {@link ToolError} that names the argument, the value
 * given and what is expected. Nothing runs until every argument has been read this way.
 */
final class ToolArgs {
    private final String tool;
    private final JsonNode args;

    ToolArgs(String tool, Schema schema, JsonNode args) {
        this.tool = tool;
        this.args = args == null || args.isNull()
                ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                : args;
        if (!this.args.isObject()) throw new ToolError(tool + ": arguments must be an object, got " + this.args);
        for (Iterator<String> it = this.args.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!schema.declared.containsKey(name)) {
                throw new ToolError(tool + ": unknown argument '" + name + "'; it takes "
                        + String.join(", ", schema.declared.keySet()));
            }
        }
        schema.declared.forEach((name, p) -> {
            if (p.required() && absent(name)) throw new ToolError(tool + ": argument '" + name + "' is required");
        });
    }

    private boolean absent(String name) {
        JsonNode v = args.get(name);
        return v == null || v.isNull();
    }

    String str(String name) {
        if (absent(name)) return null;
        JsonNode v = args.get(name);
        if (!v.isTextual()) throw wrong(name, v, "a string");
        return v.asText();
    }

    Integer integer(String name) {
        if (absent(name)) return null;
        JsonNode v = args.get(name);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw wrong(name, v, "an integer");
        return v.intValue();
    }

    Long longValue(String name) {
        if (absent(name)) return null;
        JsonNode v = args.get(name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw wrong(name, v, "an integer");
        return v.longValue();
    }

    boolean bool(String name) {
        if (absent(name)) return false;
        JsonNode v = args.get(name);
        if (!v.isBoolean()) throw wrong(name, v, "true or false");
        return v.booleanValue();
    }

    /** One of an enum's constants, spelled as its name; another word is refused naming the words allowed. */
    <E extends Enum<E>> E choice(String name, Class<E> type) {
        if (absent(name)) return null;
        JsonNode v = args.get(name);
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (v.isTextual() && e.name().equals(v.asText())) return e;
            allowed.add(e.name());
        }
        throw wrong(name, v, "one of " + String.join(", ", allowed));
    }

    /** One of {@code allowed}, spelled as its name; another word is refused naming the words allowed. */
    <E extends Enum<E>> E choice(String name, List<E> allowed) {
        if (absent(name)) return null;
        JsonNode v = args.get(name);
        for (E e : allowed) if (v.isTextual() && e.name().equals(v.asText())) return e;
        throw wrong(
                name,
                v,
                "one of " + String.join(", ", allowed.stream().map(Enum::name).toList()));
    }

    /** An array of strings; a single string is taken as a one-element list (models often send one). */
    List<String> strings(String name) {
        if (absent(name)) return List.of();
        JsonNode v = args.get(name);
        if (v.isTextual()) return List.of(v.asText());
        if (!v.isArray()) throw wrong(name, v, "an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) throw wrong(name, v, "an array of strings (element " + e + " is not one)");
            out.add(e.asText());
        }
        return out;
    }

    private ToolError wrong(String name, JsonNode v, String expected) {
        String shown = v.toString();
        if (shown.length() > 80) shown = shown.substring(0, 77) + "...";
        return new ToolError(tool + ": argument '" + name + "' must be " + expected + ", got " + shown);
    }
}
