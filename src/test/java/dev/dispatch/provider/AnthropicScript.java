package dev.dispatch.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Anthropic Messages SSE as the real API sends it, including pings and the empty first input_json_delta. */
final class AnthropicScript implements WireScript {

    @Override
    public List<String> events(ScriptedReply reply) {
        List<String> events = new ArrayList<>();
        ObjectNode start = WireScript.object().put("type", "message_start");
        ObjectNode message = start.putObject("message");
        message.put("id", "msg_scripted")
                .put("type", "message")
                .put("role", "assistant")
                .put("model", "scripted");
        message.putArray("content");
        message.putNull("stop_reason");
        message.putObject("usage")
                .put("input_tokens", reply.inputTokens)
                .put("cache_creation_input_tokens", reply.cacheWriteTokens)
                .put("cache_read_input_tokens", reply.cacheReadTokens)
                .put("output_tokens", 1);
        events.add(event(start));
        events.add(event(WireScript.object().put("type", "ping")));
        int index = 0;
        for (ScriptedReply.Part part : reply.parts) {
            switch (part) {
                case ScriptedReply.TextPart t -> {
                    ObjectNode blockStart = WireScript.object()
                            .put("type", "content_block_start")
                            .put("index", index);
                    blockStart.putObject("content_block").put("type", "text").put("text", "");
                    events.add(event(blockStart));
                    for (String chunk : ScriptedReply.chunks(t.text(), reply.chunkSize)) {
                        events.add(delta(
                                index,
                                WireScript.object().put("type", "text_delta").put("text", chunk)));
                    }
                    events.add(event(WireScript.object()
                            .put("type", "content_block_stop")
                            .put("index", index++)));
                }
                case ScriptedReply.ToolPart p -> {
                    ObjectNode blockStart = WireScript.object()
                            .put("type", "content_block_start")
                            .put("index", index);
                    ObjectNode block = blockStart.putObject("content_block");
                    block.put("type", "tool_use")
                            .put("id", p.call().id())
                            .put("name", p.call().name());
                    block.putObject("input");
                    events.add(event(blockStart));
                    events.add(delta(
                            index,
                            WireScript.object().put("type", "input_json_delta").put("partial_json", "")));
                    for (String chunk : ScriptedReply.chunks(p.call().argumentsJson(), reply.chunkSize)) {
                        events.add(delta(
                                index,
                                WireScript.object()
                                        .put("type", "input_json_delta")
                                        .put("partial_json", chunk)));
                    }
                    events.add(event(WireScript.object()
                            .put("type", "content_block_stop")
                            .put("index", index++)));
                }
                case ScriptedReply.ErrorPart e -> {
                    ObjectNode error = WireScript.object().put("type", "error");
                    error.putObject("error").put("type", e.type()).put("message", e.message());
                    events.add(event(error));
                }
            }
        }
        if (!reply.finish) return events;
        String stop = reply.stopReason != null ? reply.stopReason : reply.hasToolCalls() ? "tool_use" : "end_turn";
        ObjectNode messageDelta = WireScript.object().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stop).putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", reply.outputTokens);
        events.add(event(messageDelta));
        events.add(event(WireScript.object().put("type", "message_stop")));
        return events;
    }

    @Override
    public String errorBody(String type, String message) {
        ObjectNode body = WireScript.object().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        return body.toString();
    }

    private static String delta(int index, ObjectNode delta) {
        ObjectNode node = WireScript.object().put("type", "content_block_delta").put("index", index);
        node.set("delta", delta);
        return event(node);
    }

    private static String event(ObjectNode node) {
        return "event: " + node.get("type").asText() + "\n" + WireScript.data(node);
    }
}
