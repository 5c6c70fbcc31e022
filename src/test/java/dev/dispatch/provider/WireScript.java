package dev.dispatch.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.Json;
import java.util.List;

/** Renders a {@link ScriptedReply} in one wire format for {@link ScriptedModelServer}. */
interface WireScript {

    /** The SSE events of the answer, each a complete event ending in a blank line. */
    List<String> events(ScriptedReply reply);

    /** The JSON body of an error status. */
    String errorBody(String type, String message);

    static ObjectNode object() {
        return Json.mapper().createObjectNode();
    }

    static String data(ObjectNode node) {
        return "data: " + node + "\n\n";
    }
}
