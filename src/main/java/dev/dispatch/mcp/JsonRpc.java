package dev.dispatch.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.Json;

/**
 * JSON-RPC 2.0 framing, independent of MCP and of any transport: the four message kinds, parsing one
 * message from a JSON tree (with the error a malformed one deserves), and building replies. The MCP
 * server uses it over stdio and Streamable HTTP; an MCP client can use the same types for the other
 * direction (it sends {@link Request}s and reads {@link Response}s).
 */
public final class JsonRpc {
    public static final String VERSION = "2.0";
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;

    private JsonRpc() {}

    /** One JSON-RPC message. {@code id} is a string or number node; {@code params} an object or null. */
    public sealed interface Message permits Request, Notification, Response, ErrorReply {}

    /** A call that expects an answer with the same {@code id}. */
    public record Request(JsonNode id, String method, JsonNode params) implements Message {}

    /** A call without {@code id}: nothing is answered, not even an error. */
    public record Notification(String method, JsonNode params) implements Message {}

    /** A successful answer. */
    public record Response(JsonNode id, JsonNode result) implements Message {}

    /** A failed answer; {@code id} is null when the request could not be read far enough to know it. */
    public record ErrorReply(JsonNode id, int code, String message, JsonNode data) implements Message {}

    /** A protocol-level failure: becomes an {@link ErrorReply} to the request that caused it. */
    public static final class Failure extends RuntimeException {
        private final int code;

        public Failure(int code, String message) {
            super(message);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** Parses text into a tree, or fails with {@link #PARSE_ERROR} naming where the JSON broke. */
    public static JsonNode tree(byte[] text) {
        try {
            JsonNode node = Json.mapper().readTree(text);
            if (node == null || node.isMissingNode())
                throw new Failure(PARSE_ERROR, "empty message: expected a JSON object");
            return node;
        } catch (JsonProcessingException e) {
            throw new Failure(PARSE_ERROR, "not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new Failure(PARSE_ERROR, "unreadable message: " + e.getMessage());
        }
    }

    /** Reads one message (not a batch) from {@code node}, or fails with {@link #INVALID_REQUEST}. */
    public static Message read(JsonNode node) {
        if (!node.isObject()) throw new Failure(INVALID_REQUEST, "a JSON-RPC message is an object, got " + kind(node));
        JsonNode v = node.get("jsonrpc");
        if (v == null || !VERSION.equals(v.asText(null)) || !v.isTextual())
            throw new Failure(INVALID_REQUEST, "\"jsonrpc\" must be \"2.0\", got " + (v == null ? "nothing" : v));
        JsonNode id = node.get("id");
        if (id != null && !id.isTextual() && !id.isIntegralNumber())
            throw new Failure(INVALID_REQUEST, "\"id\" must be a string or an integer, got " + id);
        JsonNode method = node.get("method");
        if (method != null) {
            if (!method.isTextual()) throw new Failure(INVALID_REQUEST, "\"method\" must be a string, got " + method);
            JsonNode params = node.get("params");
            if (params != null && !params.isObject() && !params.isNull())
                throw new Failure(INVALID_PARAMS, "\"params\" must be an object, got " + kind(params));
            return id == null ? new Notification(method.asText(), params) : new Request(id, method.asText(), params);
        }
        if (node.has("result")) return new Response(id, node.get("result"));
        JsonNode error = node.get("error");
        if (error != null && error.isObject()) {
            return new ErrorReply(
                    id,
                    error.path("code").asInt(INTERNAL_ERROR),
                    error.path("message").asText(""),
                    error.get("data"));
        }
        throw new Failure(INVALID_REQUEST, "a message needs \"method\", \"result\" or \"error\"");
    }

    /** The id of {@code node} when it has a usable one (to answer a request that failed validation). */
    public static JsonNode idOf(JsonNode node) {
        JsonNode id = node != null && node.isObject() ? node.get("id") : null;
        return id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
    }

    /** A message as a JSON tree, ready to write. */
    public static ObjectNode write(Message m) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("jsonrpc", VERSION);
        switch (m) {
            case Request r -> {
                o.set("id", r.id());
                o.put("method", r.method());
                if (r.params() != null) o.set("params", r.params());
            }
            case Notification n -> {
                o.put("method", n.method());
                if (n.params() != null) o.set("params", n.params());
            }
            case Response r -> {
                o.set("id", r.id());
                o.set("result", r.result());
            }
            case ErrorReply e -> {
                o.set("id", e.id() == null ? JsonNodeFactory.instance.nullNode() : e.id());
                ObjectNode err = o.putObject("error");
                err.put("code", e.code());
                err.put("message", e.message());
                if (e.data() != null) err.set("data", e.data());
            }
        }
        return o;
    }

    /** {@code m} as UTF-8 bytes of compact JSON (one line: stdio frames end at a newline). */
    public static byte[] bytes(Message m) {
        return bytes(write(m));
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree: " + e.getMessage(), e);
        }
    }

    private static String kind(JsonNode n) {
        return n.isArray()
                ? "an array"
                : n.isTextual()
                        ? "a string"
                        : n.isNumber() ? "a number" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
