package dev.dispatch.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The routes of the daemon that carry no op, for {@link OpenApi}: health, metrics, this document itself
 * and the event stream. Their handlers live in the daemon; their paths are the constants below, which
 * the daemon uses too, so a renamed path changes the document.
 */
public final class SpecialRoutes {
    public static final String HEALTH = "/v1/health";
    public static final String METRICS = "/metrics";
    public static final String OPENAPI = "/v1/openapi.json";
    public static final String EVENTS = "/v1/events";

    private static final ObjectMapper JSON = Json.mapper();

    private SpecialRoutes() {}

    static void add(ObjectNode paths) {
        ObjectNode health = get(paths, HEALTH, "health", "Liveness; says only ok and the version.");
        health.putArray("security");
        ObjectNode hs = json(health).put("type", "object");
        hs.putObject("properties")
                .set("status", JSON.createObjectNode().put("type", "string").put("const", "ok"));
        ((ObjectNode) hs.get("properties"))
                .set("version", JSON.createObjectNode().put("type", "string"));

        ObjectNode metrics = get(
                paths,
                METRICS,
                "metrics",
                "Prometheus text format: queue depth by state, claims, "
                        + "completions, lease expiries, dead tasks, SSE clients, request latency by route.");
        content(metrics, "text/plain; version=0.0.4").put("type", "string");

        ObjectNode openapi = get(paths, OPENAPI, "openapi", "This document.");
        json(openapi).put("type", "object");

        ObjectNode events = get(
                paths,
                EVENTS,
                "events",
                "Server-Sent Events: 'id:' is the journal sequence. Replays "
                        + "after Last-Event-ID (or ?since=) exactly, then live; a 'reset' event when the asked-for events are "
                        + "past retention; keepalive comments; a client that cannot keep up is dropped and may resume by id.");
        ArrayNode params = events.putArray("parameters");
        query(params, "space", "string", "only events of this space");
        query(params, "type", "string", "event types, repeatable or comma-separated");
        query(params, "agent", "string", "only events about this agent");
        query(params, "since", "integer", "replay events with a sequence above this");
        params.addObject()
                .put("name", "Last-Event-ID")
                .put("in", "header")
                .put("required", false)
                .putObject("schema")
                .put("type", "integer");
        content(events, "text/event-stream").put("type", "string");
    }

    /** The one error shape of every route: {@code {"error":{"code","message"}}} with the status of the code. */
    static ObjectNode errorResponse() {
        StringBuilder codes = new StringBuilder("Codes and statuses:");
        for (ErrorCode c : ErrorCode.values())
            codes.append(' ')
                    .append(c.wireName())
                    .append(' ')
                    .append(c.httpStatus())
                    .append(',');
        codes.setLength(codes.length() - 1);
        ObjectNode r = JSON.createObjectNode()
                .put(
                        "description",
                        codes + "; 415 unsupported_media_type for a body " + "that is not application/json.");
        ObjectNode s = r.putObject("content")
                .putObject("application/json")
                .putObject("schema")
                .put("type", "object");
        ObjectNode error = s.putObject("properties").putObject("error").put("type", "object");
        ObjectNode props = error.putObject("properties");
        props.putObject("code").put("type", "string");
        props.putObject("message").put("type", "string");
        error.putArray("required").add("code").add("message");
        s.putArray("required").add("error");
        return r;
    }

    private static ObjectNode get(ObjectNode paths, String path, String id, String description) {
        ObjectNode op = paths.putObject(path).putObject("get");
        op.put("operationId", id).put("summary", description);
        op.putObject("responses").putObject("default").put("$ref", "#/components/responses/Error");
        return op;
    }

    private static ObjectNode json(ObjectNode op) {
        return content(op, "application/json");
    }

    private static ObjectNode content(ObjectNode op, String mediaType) {
        ObjectNode ok = JSON.createObjectNode().put("description", "ok");
        ((ObjectNode) op.get("responses")).set("200", ok);
        return ok.putObject("content").putObject(mediaType).putObject("schema");
    }

    private static void query(ArrayNode params, String name, String type, String description) {
        params.addObject()
                .put("name", name)
                .put("in", "query")
                .put("required", false)
                .put("description", description)
                .putObject("schema")
                .put("type", type);
    }
}
