package dev.dispatch.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Json;

/**
 * One client's conversation with the server: the initialize handshake (version negotiation), then
 * {@code ping}, {@code tools/list}, {@code tools/call} and the resources ({@link McpResources}). It takes parsed JSON-RPC and returns the reply
 * to send (null when nothing is answered), so stdio and Streamable HTTP share every rule here and a
 * transport adds only framing. Thread-safe: HTTP may deliver a session's requests concurrently.
 */
public final class McpSession {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final McpServer server;
    private final Identity identity;
    private final EngineDoor door;
    private final McpResources resources;
    private volatile String version;

    McpSession(McpServer server, Identity identity, EngineDoor door) {
        this.server = server;
        this.identity = identity;
        this.door = door;
        this.resources = new McpResources(identity, door);
    }

    public Identity identity() {
        return identity;
    }

    /** The negotiated protocol version, or null before initialize. */
    public String version() {
        return version;
    }

    /** Whether {@code node} is an initialize request (an HTTP transport starts a session only for one). */
    public static boolean isInitialize(JsonNode node) {
        return node != null
                && node.isObject()
                && "initialize".equals(node.path("method").asText(null))
                && node.has("id");
    }

    /** Parses and handles raw text; a parse error is answered with a null id. */
    public JsonNode handle(byte[] text) {
        JsonNode node;
        try {
            node = JsonRpc.tree(text);
        } catch (JsonRpc.Failure f) {
            return error(null, f.code(), f.getMessage());
        }
        return handle(node);
    }

    /** Handles one message or a batch; returns the reply (an object, an array for a batch) or null. */
    public JsonNode handle(JsonNode node) {
        if (node.isArray()) {
            if (version == null || !McpVersions.allowsBatches(version)) {
                return error(
                        null,
                        JsonRpc.INVALID_REQUEST,
                        "JSON-RPC batches are not supported in protocol "
                                + (version == null ? "before initialize" : version) + "; send one message at a time");
            }
            if (node.isEmpty()) return error(null, JsonRpc.INVALID_REQUEST, "empty batch");
            ArrayNode replies = F.arrayNode();
            for (JsonNode n : node) {
                if (isInitialize(n)) {
                    replies.add(error(JsonRpc.idOf(n), JsonRpc.INVALID_REQUEST, "initialize cannot be batched"));
                    continue;
                }
                JsonNode r = one(n);
                if (r != null) replies.add(r);
            }
            return replies.isEmpty() ? null : replies;
        }
        return one(node);
    }

    private JsonNode one(JsonNode node) {
        JsonRpc.Message m;
        try {
            m = JsonRpc.read(node);
        } catch (JsonRpc.Failure f) {
            return error(JsonRpc.idOf(node), f.code(), f.getMessage());
        }
        return switch (m) {
            case JsonRpc.Request r -> request(r);
            case JsonRpc.Notification n -> {
                yield null; // initialized, cancellations and unknown notifications need no answer
            }
            default -> null; // answers to requests this server never sends
        };
    }

    private JsonNode request(JsonRpc.Request r) {
        try {
            JsonNode params = r.params() == null ? F.objectNode() : r.params();
            ObjectNode result =
                    switch (r.method()) {
                        case "initialize" -> initialize(params);
                        case "ping" -> F.objectNode();
                        case "tools/list" -> {
                            requireInitialize(r.method());
                            yield listTools();
                        }
                        case "tools/call" -> {
                            requireInitialize(r.method());
                            yield callTool(params);
                        }
                        case "resources/list" -> {
                            requireInitialize(r.method());
                            yield resources.list();
                        }
                        case "resources/templates/list" -> {
                            requireInitialize(r.method());
                            yield resources.templates();
                        }
                        case "resources/read" -> {
                            requireInitialize(r.method());
                            yield resources.read(params);
                        }
                        default ->
                            throw new JsonRpc.Failure(
                                    JsonRpc.METHOD_NOT_FOUND,
                                    "method '" + r.method() + "' is not supported; this server offers initialize, ping,"
                                            + " tools/list, tools/call, resources/list, resources/templates/list and"
                                            + " resources/read");
                    };
            return JsonRpc.write(new JsonRpc.Response(r.id(), result));
        } catch (JsonRpc.Failure f) {
            return error(r.id(), f.code(), f.getMessage());
        }
    }

    private void requireInitialize(String method) {
        if (version == null)
            throw new JsonRpc.Failure(JsonRpc.INVALID_REQUEST, method + " before initialize: send initialize first");
    }

    private synchronized ObjectNode initialize(JsonNode params) {
        if (version != null) throw new JsonRpc.Failure(JsonRpc.INVALID_REQUEST, "this session is already initialized");
        JsonNode requested = params.get("protocolVersion");
        if (requested != null && !requested.isTextual())
            throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "protocolVersion must be a string, got " + requested);
        String v = McpVersions.negotiate(requested == null ? null : requested.asText());
        version = v;
        ObjectNode o = F.objectNode();
        o.put("protocolVersion", v);
        ObjectNode caps = o.putObject("capabilities");
        caps.putObject("tools").put("listChanged", false);
        caps.putObject("resources").put("listChanged", false).put("subscribe", false);
        ObjectNode info = o.putObject("serverInfo");
        info.put("name", "dispatch");
        if (!"2025-03-26".equals(v)) info.put("title", "Dispatch");
        info.put("version", server.version());
        o.put(
                "instructions",
                "Dispatch coordinates agents working on one project. You act as "
                        + (identity.operator()
                                ? "the operator (name the agent where a tool asks)"
                                : "agent '" + identity.agent() + "' in space '" + identity.space() + "'")
                        + ". Typical loop: task_next to claim work (keep the lease), lock_acquire before editing"
                        + " shared files, task_heartbeat while working, task_complete or task_fail at the end;"
                        + " msg_inbox for messages, approval_request + approval_wait before risky steps.");
        return o;
    }

    private ObjectNode listTools() {
        ObjectNode o = F.objectNode();
        ArrayNode list = o.putArray("tools");
        boolean titles = !"2025-03-26".equals(version);
        for (Tool t : server.tools().values()) {
            ObjectNode n = list.addObject();
            n.put("name", t.name());
            if (titles) n.put("title", t.title());
            n.put("description", t.description());
            n.set("inputSchema", t.schema().json());
            ObjectNode ann = n.putObject("annotations");
            ann.put("readOnlyHint", t.readOnly());
            ann.put("destructiveHint", false);
            ann.put("openWorldHint", false);
        }
        return o;
    }

    private ObjectNode callTool(JsonNode params) {
        JsonNode name = params.get("name");
        if (name == null || !name.isTextual())
            throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "tools/call needs \"name\", a string");
        Tool tool = server.tools().get(name.asText());
        if (tool == null) {
            throw new JsonRpc.Failure(
                    JsonRpc.INVALID_PARAMS, "unknown tool '" + name.asText() + "'; tools/list names them all");
        }
        try {
            ToolArgs args = new ToolArgs(tool.name(), tool.schema(), params.get("arguments"));
            Object result = tool.handler().run(args, new ToolContext(identity, door, tool.name()));
            return success(result);
        } catch (ToolError e) {
            return failure(e.getMessage());
        } catch (EngineException e) {
            return failure(tool.name() + " failed: " + e.code().wireName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return failure(tool.name() + " failed: internal error: " + e.getMessage());
        }
    }

    private ObjectNode success(Object result) {
        JsonNode tree = Json.mapper().valueToTree(result);
        ObjectNode structured;
        if (tree.isObject()) structured = (ObjectNode) tree;
        else {
            structured = F.objectNode();
            structured.set("result", tree);
        }
        ObjectNode o = F.objectNode();
        o.putArray("content").addObject().put("type", "text").put("text", structured.toString());
        if (McpVersions.hasStructuredContent(version)) o.set("structuredContent", structured);
        o.put("isError", false);
        return o;
    }

    private static ObjectNode failure(String message) {
        ObjectNode o = F.objectNode();
        o.putArray("content").addObject().put("type", "text").put("text", message);
        o.put("isError", true);
        return o;
    }

    private static JsonNode error(JsonNode id, int code, String message) {
        return JsonRpc.write(new JsonRpc.ErrorReply(id, code, message, null));
    }
}
