package dev.dispatch.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an op into an HTTP request and back, by one rule the server and the client share: path
 * parameters bind the record components of the same name; a GET's other components travel as query
 * parameters (collections repeat the parameter); any other method sends them as a JSON object body.
 * The answer decodes into the {@code R} of the op's {@code Op<R>}.
 */
public final class OpCodec {
    /** A request ready to send: {@code target} is the path plus query string; {@code body} null for none. */
    public record HttpCall(String method, String target, String body) {}

    private OpCodec() {}

    /**
     * The request carrying {@code op}. Written with {@link PlainJson}, not Jackson: a one-shot command
     * encodes one op and exits, and Jackson's mapper would cost it more than the request itself.
     */
    public static HttpCall encode(Route route, Op<?> op) {
        Map<String, Object> fields = PlainJson.fields((Record) op);
        Map<String, String> path = new LinkedHashMap<>();
        for (String name : route.pathParams()) {
            Object v = fields.remove(name);
            path.put(name, v == null ? null : text(v));
        }
        String target = route.expand(path);
        if (!"GET".equals(route.method()) && !"DELETE".equals(route.method())) {
            return new HttpCall(route.method(), target, PlainJson.write(fields));
        }
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (e.getValue() == null) continue;
            Collection<?> values = e.getValue() instanceof Collection<?> c ? c : List.of(e.getValue());
            for (Object v : values) {
                query.append(query.isEmpty() ? '?' : '&')
                        .append(PathCodec.encode(e.getKey()))
                        .append('=')
                        .append(PathCodec.encode(text(v)));
            }
        }
        return new HttpCall(route.method(), target + query, null);
    }

    /** A scalar as a path or query parameter: enums by name, like their JSON. */
    private static String text(Object v) {
        return v instanceof Enum<?> e ? e.name() : String.valueOf(v);
    }

    /**
     * Builds the op a request carries. {@code body} may be empty (no fields). Bad input is an
     * {@link ErrorCode#INVALID} naming the field; nothing has run yet.
     */
    public static Op<?> decode(
            Route route, Map<String, String> pathParams, Map<String, List<String>> query, byte[] body) {
        return decode(route, pathParams, query, body, Map.of());
    }

    /**
     * As {@link #decode(Route, Map, Map, byte[])}, with {@code implied} values for fields the request
     * left out (the daemon fills the acting agent from the caller's token this way).
     */
    public static Op<?> decode(
            Route route,
            Map<String, String> pathParams,
            Map<String, List<String>> query,
            byte[] body,
            Map<String, String> implied) {
        ObjectNode fields =
                body == null || body.length == 0 ? Json.mapper().createObjectNode() : parseObject(route, body);
        BodyTypes.check(route, fields); // the body's own fields, before query and path values join them
        for (var e : query.entrySet()) {
            if (fields.has(e.getKey())) throw EngineException.invalid("'" + e.getKey() + "' given twice in " + route);
            RecordComponent c = component(route.op(), e.getKey());
            if (c != null && isMany(c.getType())) {
                ArrayNode arr = fields.putArray(e.getKey());
                for (String v : e.getValue()) {
                    for (String part : v.split(",")) if (!part.isBlank()) arr.add(part.strip());
                }
            } else if (e.getValue().size() > 1) {
                throw EngineException.invalid("query parameter '" + e.getKey() + "' may appear only once in " + route);
            } else {
                fields.put(e.getKey(), e.getValue().get(0));
            }
        }
        for (var e : pathParams.entrySet()) {
            if (fields.has(e.getKey())) {
                throw EngineException.invalid(
                        "'" + e.getKey() + "' comes from the path of " + route + "; drop it from the body");
            }
            fields.put(e.getKey(), e.getValue());
        }
        for (var e : implied.entrySet()) {
            JsonNode v = fields.get(e.getKey());
            if (v == null || v.isNull()) fields.put(e.getKey(), e.getValue());
        }
        if (!"GET".equals(route.method()) && !"DELETE".equals(route.method()))
            BodyTypes.requirePrimitives(route, fields);
        try {
            return Json.mapper().treeToValue(fields, route.op());
        } catch (JsonProcessingException e) {
            throw BodyTypes.refusal(route, e);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof JsonProcessingException j) throw BodyTypes.refusal(route, j);
            throw EngineException.invalid("bad request for " + route + "; check the field values");
        }
    }

    /** Query parameters of a raw query string ({@code a=1&b=x%20y}), in order; null or empty gives none. */
    public static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = PathCodec.decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : PathCodec.decode(pair.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    /** The answer type {@code R} of {@code Op<R>} as declared by the op's record ({@link PlainJson#answerType}), for Jackson. */
    public static JavaType answerType(Class<?> opType) {
        return Json.mapper().getTypeFactory().constructType(PlainJson.answerType(opType));
    }

    private static ObjectNode parseObject(Route route, byte[] body) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(body);
        } catch (java.io.IOException e) {
            throw EngineException.invalid(
                    "request body for " + route + " is not valid JSON: " + BodyTypes.parseProblem(e));
        }
        if (node == null || node.isMissingNode()) return Json.mapper().createObjectNode();
        if (!(node instanceof ObjectNode obj)) {
            throw EngineException.invalid(
                    "request body for " + route + " must be a JSON object, got " + node.getNodeType());
        }
        return obj;
    }

    private static RecordComponent component(Class<?> type, String name) {
        if (!type.isRecord()) return null;
        for (RecordComponent c : type.getRecordComponents()) if (c.getName().equals(name)) return c;
        return null;
    }

    private static boolean isMany(Class<?> type) {
        return type.isArray() || Collection.class.isAssignableFrom(type);
    }

    static String firstLine(String message) {
        if (message == null) return "malformed input";
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
