package dev.dispatch.protocol;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The daemon's API as an OpenAPI 3.1 document, derived from the same {@link Routes} table and op records
 * the server and the client use, through the same Jackson mapper that puts them on the wire: a field
 * the document names is a field the server reads. {@code docs/openapi.json} is this output, and
 * OpenApiTest fails when the file and the code disagree; the daemon serves it at {@code GET /v1/openapi.json}.
 */
public final class OpenApi {
    private static final ObjectMapper JSON = Json.mapper();

    private final ObjectNode schemas = JSON.createObjectNode();
    private final Map<String, JavaType> named = new TreeMap<>();
    private final Set<String> building = new HashSet<>();

    private OpenApi() {}

    /** The document for {@code routes}, as pretty-printed JSON ending in a newline. */
    public static String document(Routes routes, String version) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(new OpenApi().build(routes, version))
                    + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the OpenAPI document", e);
        }
    }

    private ObjectNode build(Routes routes, String version) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Dispatch daemon API");
        info.put("version", version);
        info.put(
                "description",
                "Served on a Unix socket (mode 0600) and on 127.0.0.1; see docs/api.md for the "
                        + "security model. Every route needs 'Authorization: Bearer TOKEN' except GET /v1/health.");
        doc.putArray("servers").addObject().put("url", "http://127.0.0.1:7421");
        doc.putArray("security").addObject().putArray("bearer");
        ObjectNode paths = doc.putObject("paths");
        SpecialRoutes.add(paths);
        List<Route> ordered = new java.util.ArrayList<>(routes.all());
        ordered.sort(java.util.Comparator.comparing(Route::template).thenComparing(Route::method));
        for (Route r : ordered) {
            ObjectNode item =
                    paths.has(r.template()) ? (ObjectNode) paths.get(r.template()) : paths.putObject(r.template());
            item.set(r.method().toLowerCase(java.util.Locale.ROOT), operation(r));
        }
        ObjectNode components = doc.putObject("components");
        ObjectNode bearer = components.putObject("securitySchemes").putObject("bearer");
        bearer.put("type", "http")
                .put("scheme", "bearer")
                .put("description", "The operator token (operator.token in the state dir) or an agent's token.");
        components.putObject("responses").set("Error", SpecialRoutes.errorResponse());
        components.set("schemas", sorted(schemas));
        return doc;
    }

    private ObjectNode operation(Route r) {
        ObjectNode op = JSON.createObjectNode();
        op.put("operationId", operationId(r.op()));
        op.put("summary", r.access() == Route.Access.OPERATOR ? "operator token only" : "operator or agent token");
        if (r.actor() != null) op.put("description", "An agent token may only act as itself in '" + r.actor() + "'.");
        ArrayNode params = op.putArray("parameters");
        List<String> pathNames = r.pathParams();
        boolean query = r.method().equals("GET") || r.method().equals("DELETE");
        ObjectNode body = JSON.createObjectNode().put("type", "object").put("additionalProperties", false);
        ObjectNode bodyProps = body.putObject("properties");
        ArrayNode bodyRequired = body.putArray("required");
        for (BeanPropertyDefinition p : properties(JSON.constructType(r.op()))) {
            ObjectNode schema = schema(p.getPrimaryType());
            boolean required = p.getPrimaryType().isPrimitive();
            if (pathNames.contains(p.getName())) {
                params.addObject()
                        .put("name", p.getName())
                        .put("in", "path")
                        .put("required", true)
                        .set("schema", schema);
            } else if (query) {
                ObjectNode q = params.addObject()
                        .put("name", p.getName())
                        .put("in", "query")
                        .put("required", required);
                q.set("schema", schema);
                if (schema.path("type").asText().equals("array"))
                    q.put("style", "form").put("explode", true);
            } else {
                bodyProps.set(p.getName(), schema);
                if (required) bodyRequired.add(p.getName());
            }
        }
        if (!query) {
            ObjectNode rb = op.putObject("requestBody").put("required", true);
            rb.putObject("content").putObject("application/json").set("schema", body);
        }
        ObjectNode responses = op.putObject("responses");
        ObjectNode ok = responses.putObject("200").put("description", "the op's answer");
        ok.putObject("content").putObject("application/json").set("schema", schema(OpCodec.answerType(r.op())));
        responses.putObject("default").put("$ref", "#/components/responses/Error");
        return op;
    }

    /** A JSON schema for a Java type as the shared mapper writes it; records and beans become named components. */
    private ObjectNode schema(JavaType t) {
        Class<?> raw = t.getRawClass();
        ObjectNode s = JSON.createObjectNode();
        if (raw == String.class || raw == char.class || raw == Character.class || Path.class.isAssignableFrom(raw)) {
            return s.put("type", "string");
        }
        if (raw == boolean.class || raw == Boolean.class) return s.put("type", "boolean");
        if (raw == int.class || raw == Integer.class || raw == short.class || raw == Short.class) {
            return s.put("type", "integer").put("format", "int32");
        }
        if (raw == long.class || raw == Long.class)
            return s.put("type", "integer").put("format", "int64");
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class)
            return s.put("type", "number");
        if (Temporal.class.isAssignableFrom(raw)) return s.put("type", "string").put("format", "date-time");
        if (raw == Duration.class) return s.put("type", "string").put("description", "ISO-8601 duration, e.g. PT30S");
        if (raw == Void.class || raw == void.class) return s.put("type", "null");
        if (JsonNode.class.isAssignableFrom(raw) || raw == Object.class) return s;
        if (raw.isEnum()) return enumSchema(raw);
        if (t.isArrayType() || t.isCollectionLikeType()) {
            s.put("type", "array").set("items", schema(t.getContentType()));
            if (Set.class.isAssignableFrom(raw)) s.put("uniqueItems", true);
            return s;
        }
        if (t.isMapLikeType()) return s.put("type", "object").set("additionalProperties", schema(t.getContentType()));
        if (raw.isSealed() && raw.isInterface()) {
            ArrayNode one = s.putArray("oneOf");
            for (Class<?> sub : raw.getPermittedSubclasses()) one.add(ref(JSON.constructType(sub)));
            return s;
        }
        return ref(t);
    }

    private ObjectNode ref(JavaType t) {
        String name = componentName(t.getRawClass());
        if (!named.containsKey(name) && !building.contains(name)) {
            building.add(name);
            ObjectNode s = JSON.createObjectNode().put("type", "object");
            ObjectNode props = s.putObject("properties");
            ArrayNode required = s.putArray("required");
            for (BeanPropertyDefinition p : properties(t)) {
                props.set(p.getName(), schema(p.getPrimaryType()));
                if (p.getPrimaryType().isPrimitive()) required.add(p.getName());
            }
            named.put(name, t);
            schemas.set(name, s);
            building.remove(name);
        }
        return JSON.createObjectNode().put("$ref", "#/components/schemas/" + name);
    }

    private static ObjectNode enumSchema(Class<?> raw) {
        ObjectNode s = JSON.createObjectNode().put("type", "string");
        ArrayNode values = s.putArray("enum");
        for (Object constant : raw.getEnumConstants())
            values.add(JSON.valueToTree(constant).asText());
        return s;
    }

    private static List<BeanPropertyDefinition> properties(JavaType t) {
        return JSON.getSerializationConfig().introspect(t).findProperties();
    }

    /** {@code dev.dispatch.protocol.TaskOps$Task} → {@code TaskOps.Task}: unique, and readable in a client. */
    private static String componentName(Class<?> raw) {
        String full = raw.getName();
        String pkg = raw.getPackageName();
        return (pkg.isEmpty() ? full : full.substring(pkg.length() + 1)).replace('$', '.');
    }

    /**
     * {@code TaskOps$ClaimNextTask} → {@code claimNextTask}: ops are named verb-noun already (docs/api.md,
     * "Naming"), so the op's own name is what a generated client would call it.
     */
    static String operationId(Class<?> op) {
        String id = op.getSimpleName();
        return Character.toLowerCase(id.charAt(0)) + id.substring(1);
    }

    private static ObjectNode sorted(ObjectNode in) {
        ObjectNode out = JSON.createObjectNode();
        Set<String> names = new java.util.TreeSet<>();
        in.fieldNames().forEachRemaining(names::add);
        for (String n : names) out.set(n, in.get(n));
        return out;
    }
}
