package dev.dispatch.provider;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Chat Completions SSE as OpenAI sends it: a role chunk, content chunks, index-keyed tool_calls
 * fragments (id and name first, then arguments), a finish_reason chunk, a usage-only chunk with empty
 * choices, then {@code [DONE]}.
 */
final class OpenAiScript implements WireScript {

    @Override
    public List<String> events(ScriptedReply reply) {
        List<String> events = new ArrayList<>();
        ObjectNode first = chunk();
        first.putArray("choices")
                .addObject()
                .put("index", 0)
                .putNull("finish_reason")
                .putObject("delta")
                .put("role", "assistant")
                .put("content", "");
        events.add(WireScript.data(first));
        int toolIndex = 0;
        for (ScriptedReply.Part part : reply.parts) {
            switch (part) {
                case ScriptedReply.TextPart t -> {
                    for (String piece : ScriptedReply.chunks(t.text(), reply.chunkSize)) {
                        ObjectNode c = chunk();
                        choice(c).putObject("delta").put("content", piece);
                        events.add(WireScript.data(c));
                    }
                }
                case ScriptedReply.ToolPart p -> {
                    int index = toolIndex++;
                    ObjectNode c = chunk();
                    ObjectNode call = toolCalls(c)
                            .addObject()
                            .put("index", index)
                            .put("id", p.call().id())
                            .put("type", "function");
                    call.putObject("function").put("name", p.call().name()).put("arguments", "");
                    events.add(WireScript.data(c));
                    for (String piece : ScriptedReply.chunks(p.call().argumentsJson(), reply.chunkSize)) {
                        ObjectNode more = chunk();
                        toolCalls(more)
                                .addObject()
                                .put("index", index)
                                .putObject("function")
                                .put("arguments", piece);
                        events.add(WireScript.data(more));
                    }
                }
                case ScriptedReply.ErrorPart e -> {
                    ObjectNode error = WireScript.object();
                    error.putObject("error").put("message", e.message()).put("type", e.type());
                    events.add(WireScript.data(error));
                }
            }
        }
        if (!reply.finish) return events;
        String stop = reply.stopReason != null ? reply.stopReason : reply.hasToolCalls() ? "tool_calls" : "stop";
        ObjectNode last = chunk();
        choice(last).put("finish_reason", stop).putObject("delta");
        events.add(WireScript.data(last));
        ObjectNode usage = chunk();
        usage.putArray("choices");
        long prompt = reply.inputTokens + reply.cacheReadTokens;
        usage.putObject("usage")
                .put("prompt_tokens", prompt)
                .put("completion_tokens", reply.outputTokens)
                .put("total_tokens", prompt + reply.outputTokens)
                .putObject("prompt_tokens_details")
                .put("cached_tokens", reply.cacheReadTokens);
        events.add(WireScript.data(usage));
        events.add("data: [DONE]\n\n");
        return events;
    }

    @Override
    public String errorBody(String type, String message) {
        ObjectNode body = WireScript.object();
        body.putObject("error")
                .put("message", message)
                .put("type", type)
                .putNull("param")
                .putNull("code");
        return body.toString();
    }

    private static ObjectNode chunk() {
        return WireScript.object()
                .put("id", "chatcmpl-scripted")
                .put("object", "chat.completion.chunk")
                .put("created", 1_700_000_000)
                .put("model", "scripted");
    }

    private static ObjectNode choice(ObjectNode chunk) {
        return chunk.putArray("choices").addObject().put("index", 0);
    }

    private static ArrayNode toolCalls(ObjectNode chunk) {
        ObjectNode choice = choice(chunk);
        choice.putNull("finish_reason");
        return choice.putObject("delta").putArray("tool_calls");
    }
}
