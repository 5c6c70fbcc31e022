package dev.dispatch.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.KnowledgeOps;
import dev.dispatch.protocol.TaskOps;

/**
 * Tasks and knowledge topics as MCP resources, read at the moment they are asked for (so they stay
 * true without change notifications): {@code dispatch://SPACE/tasks/ID} (the task with its history)
 * and {@code dispatch://SPACE/knowledge/TOPIC} (the latest version). {@code resources/list} names the
 * space's knowledge topics; tasks are reached through the template (a queue can hold thousands).
 */
final class McpResources {
    static final String SCHEME = "dispatch://";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** The specification's code for a resource that does not exist. */
    static final int NOT_FOUND = -32002;

    private final Identity identity;
    private final EngineDoor door;

    McpResources(Identity identity, EngineDoor door) {
        this.identity = identity;
        this.door = door;
    }

    ObjectNode templates() {
        ObjectNode o = F.objectNode();
        ArrayNode list = o.putArray("resourceTemplates");
        list.addObject()
                .put("uriTemplate", SCHEME + "{space}/tasks/{id}")
                .put("name", "task")
                .put("description", "A task with its status, assignee, result and full history.")
                .put("mimeType", "application/json");
        list.addObject()
                .put("uriTemplate", SCHEME + "{space}/knowledge/{topic}")
                .put("name", "knowledge")
                .put("description", "The latest version of a knowledge topic (e.g. design/locks).")
                .put("mimeType", "application/json");
        return o;
    }

    /** The knowledge topics of the session's space (the operator's default space; none without one). */
    ObjectNode list() {
        ObjectNode o = F.objectNode();
        ArrayNode list = o.putArray("resources");
        String space = identity.space();
        if (space == null) return o;
        for (KnowledgeOps.TopicSummary t :
                door.submit(new KnowledgeOps.ListTopics(space)).topics()) {
            list.addObject()
                    .put("uri", SCHEME + space + "/knowledge/" + t.topic())
                    .put("name", t.topic())
                    .put("description", "knowledge topic, version " + t.version() + ", " + t.chars() + " chars")
                    .put("mimeType", "application/json");
        }
        return o;
    }

    ObjectNode read(JsonNode params) {
        JsonNode u = params.get("uri");
        if (u == null || !u.isTextual())
            throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, "resources/read needs \"uri\", a string");
        String uri = u.asText();
        if (!uri.startsWith(SCHEME)) throw badUri(uri);
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) throw badUri(uri);
        String space = rest.substring(0, slash);
        if (!identity.operator() && !space.equals(identity.space())) {
            throw new JsonRpc.Failure(
                    JsonRpc.INVALID_PARAMS,
                    "agent '" + identity.agent() + "' belongs to space '" + identity.space() + "' and may not read '"
                            + uri + "'");
        }
        String path = rest.substring(slash + 1);
        Object value;
        try {
            if (path.startsWith("tasks/") && path.length() > 6 && path.indexOf('/', 6) < 0) {
                value = door.submit(new TaskOps.ShowTask(space, path.substring(6)));
            } else if (path.startsWith("knowledge/") && path.length() > 10) {
                value = door.submit(new KnowledgeOps.ReadTopic(space, path.substring(10), 0));
            } else {
                throw badUri(uri);
            }
        } catch (EngineException e) {
            if (e.code() == ErrorCode.NOT_FOUND)
                throw new JsonRpc.Failure(NOT_FOUND, e.getMessage() + " (" + uri + ")");
            throw new JsonRpc.Failure(JsonRpc.INVALID_PARAMS, e.code().wireName() + ": " + e.getMessage());
        }
        ObjectNode o = F.objectNode();
        o.putArray("contents")
                .addObject()
                .put("uri", uri)
                .put("mimeType", "application/json")
                .put("text", Json.mapper().valueToTree(value).toString());
        return o;
    }

    private static JsonRpc.Failure badUri(String uri) {
        return new JsonRpc.Failure(
                JsonRpc.INVALID_PARAMS,
                "unknown resource '" + uri + "': use " + SCHEME + "SPACE/tasks/ID or " + SCHEME
                        + "SPACE/knowledge/TOPIC");
    }
}
