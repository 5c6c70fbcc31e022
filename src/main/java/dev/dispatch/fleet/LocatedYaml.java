package dev.dispatch.fleet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dispatch.protocol.EngineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fleet file read into values that remember their line, so every problem an import finds names
 * the line to fix. Maps keep their order; duplicate keys, several documents and depth over
 * {@link #MAX_DEPTH} are refused.
 */
final class LocatedYaml {
    static final int MAX_DEPTH = 16;
    static final int MAX_CHARS = 4 * 1024 * 1024;

    /** A value (Map of Located, List of Located, String, Number, Boolean or null) and its line. */
    record Located(Object value, int line) {}

    private LocatedYaml() {}

    static Located parse(String text) {
        if (text == null || text.isBlank())
            throw EngineException.invalid(
                    "the fleet file is empty (the request's 'yaml' text): export one with dispatch fleet export");
        if (text.length() > MAX_CHARS)
            throw EngineException.invalid("the fleet file is over " + MAX_CHARS + " characters");
        YAMLFactory f = YAMLFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .build())
                .build();
        try (JsonParser p = f.createParser(text)) {
            if (p.nextToken() == null) throw EngineException.invalid("the fleet file is empty");
            Located root = read(p);
            if (p.nextToken() != null)
                throw EngineException.invalid("line " + line(p) + ": the fleet file holds more than one YAML document");
            return root;
        } catch (IOException e) {
            String msg = e.getMessage() == null
                    ? e.toString()
                    : e.getMessage().lines().findFirst().orElse("");
            String at = e instanceof JsonProcessingException j && j.getLocation() != null
                    ? "line " + j.getLocation().getLineNr() + ": "
                    : "";
            throw EngineException.invalid("the fleet file is not valid YAML: " + at + msg);
        }
    }

    private static Located read(JsonParser p) throws IOException {
        int line = line(p);
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Located> m = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = line(p);
                p.nextToken();
                Located v = read(p);
                if (m.put(key, v) != null)
                    throw EngineException.invalid("line " + keyLine + ": key '" + key + "' appears twice");
            }
            return new Located(m, line);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Located> l = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) l.add(read(p));
            return new Located(l, line);
        }
        return switch (t) {
            case VALUE_NULL -> new Located(null, line);
            case VALUE_TRUE -> new Located(Boolean.TRUE, line);
            case VALUE_FALSE -> new Located(Boolean.FALSE, line);
            case VALUE_NUMBER_INT -> new Located(p.getLongValue(), line);
            case VALUE_NUMBER_FLOAT -> new Located(p.getDoubleValue(), line);
            default -> new Located(p.getText(), line);
        };
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
