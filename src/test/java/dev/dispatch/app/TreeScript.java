package dev.dispatch.app;

import static dev.dispatch.provider.ScriptedModelServer.call;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Helpers for agent-tree tests: a scripted engine whose model server routes each agent's turns by a
 * marker in its task, tool calls built as JSON, and lookups of what an agent's tools answered.
 */
final class TreeScript {
    private static final AtomicInteger IDS = new AtomicInteger();

    private TreeScript() {}

    static void config(EngineFixture fx, ScriptedModelServer server, String extra) {
        fx.env.put("KEY_A", "sk-tree-test");
        fx.userConfig(
                """
                providers:
                  scripted: { type: anthropic, base_url: "%s" }
                keys:
                  - { id: only, provider: scripted, env: KEY_A }
                models:
                  - { id: cheap, provider: scripted, name: claude-cheap, price: { input: 1.0, output: 1.0 } }
                default_model: cheap
                %s
                """
                        .formatted(server.baseUrl(), extra));
    }

    static ScriptedReply.ToolCall summon(String task, Object... kv) {
        ObjectNode o = Json.mapper().createObjectNode().put("task", task);
        for (int i = 0; i < kv.length; i += 2)
            o.set((String) kv[i], Json.mapper().valueToTree(kv[i + 1]));
        return tool("summon_agent", o);
    }

    static ScriptedReply.ToolCall tool(String name, ObjectNode args) {
        return call("c" + IDS.incrementAndGet(), name, args.toString());
    }

    static ScriptedReply.ToolCall tool(String name, Object... kv) {
        ObjectNode o = Json.mapper().createObjectNode();
        for (int i = 0; i < kv.length; i += 2)
            o.set((String) kv[i], Json.mapper().valueToTree(kv[i + 1]));
        return tool(name, o);
    }

    /** What the tool calls named {@code tool} of agent {@code agentId} answered, in order. */
    static List<RuntimeEvents.ToolCallFinished> results(EngineFixture fx, String agentId, String tool) {
        return fx.of(RuntimeEvents.ToolCallFinished.class).stream()
                .filter(f -> f.agentId().equals(agentId) && f.tool().equals(tool))
                .toList();
    }

    /** The id of the agent named {@code name} (from its AgentStarted event). */
    static String idOf(EngineFixture fx, String name) throws InterruptedException {
        return fx.await(RuntimeEvents.AgentStarted.class, s -> s.name().equals(name))
                .agentId();
    }
}
