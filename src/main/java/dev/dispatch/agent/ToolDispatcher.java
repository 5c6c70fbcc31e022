package dev.dispatch.agent;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.dispatch.protocol.Cancellation;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.provider.ContentBlock;
import dev.dispatch.provider.ModelEvent;
import dev.dispatch.session.Sessions;
import dev.dispatch.tool.ToolContext;
import dev.dispatch.tool.ToolRegistry;
import dev.dispatch.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Step 3 of a turn: runs the model's tool calls in order through the {@link ToolRegistry} (which
 * asks the permission gate inside each tool), streams their output as events, records each call in
 * the session, and returns the results as content blocks for the next request.
 */
final class ToolDispatcher {
    private final ToolRegistry registry;
    private final Sessions sessions;
    private final Consumer<Event> events;

    ToolDispatcher(ToolRegistry registry, Sessions sessions, Consumer<Event> events) {
        this.registry = registry;
        this.sessions = sessions;
        this.events = events;
    }

    List<ContentBlock> run(RunningAgent agent, List<ModelEvent.ToolCallCompleted> calls) throws InterruptedException {
        List<ContentBlock> results = new ArrayList<>();
        for (ModelEvent.ToolCallCompleted call : calls) {
            if (agent.cancelled()) {
                results.add(ContentBlock.ToolResult.error(call.id(), "cancelled by the user before this tool ran"));
                continue;
            }
            results.add(runOne(agent, call));
        }
        return results;
    }

    private ContentBlock.ToolResult runOne(RunningAgent agent, ModelEvent.ToolCallCompleted call)
            throws InterruptedException {
        String agentId = agent.id();
        events.accept(new RuntimeEvents.ToolCallStarted(agentId, call.id(), call.name(), call.argumentsJson()));
        sessions.toolCallStarted(agent.sessionId(), agentId, call.id(), call.name(), call.argumentsJson());
        ToolResult result;
        List<String> allowed = agent.spec().tools();
        if (!allowed.isEmpty() && !allowed.contains(call.name())) {
            // the template limits the tools offered; a call to another one is refused, not run
            result = ToolResult.error(
                    "tool '" + call.name() + "' is not available to this agent; use one of " + allowed);
        } else if (!call.argumentsValid()) {
            result = ToolResult.error("invalid arguments for " + call.name() + ": " + call.argumentsError());
        } else {
            Cancellation cancel = agent.beginToolCall();
            try {
                ToolContext ctx = new ToolContext(
                        agent.spec().projectRoot(),
                        agentId,
                        agent.sessionId(),
                        agent.gate().forTool(call.name()),
                        chunk -> events.accept(new RuntimeEvents.ToolOutput(
                                agentId, call.id(), chunk.stream().name().toLowerCase(Locale.ROOT), chunk.chunk())),
                        cancel);
                result = registry.call(call.name(), call.argumentsJson(), ctx);
            } finally {
                agent.endToolCall();
            }
        }
        Integer exit = result.metadata().get("exit_code") instanceof Integer i ? i : null;
        if (!result.isError() && result.metadata().get("skill") instanceof String skill) agent.activated(skill);
        String diff = result.metadata().get("diff") instanceof String d ? d : null; // write/edit_file, for faces
        events.accept(new RuntimeEvents.ToolCallFinished(
                agentId, call.id(), call.name(), result.text(), result.isError(), exit, diff));
        sessions.toolCallFinished(agent.sessionId(), call.id(), result.text(), result.isError(), exit);
        return result.isError()
                ? ContentBlock.ToolResult.error(call.id(), result.text())
                : ContentBlock.ToolResult.ok(call.id(), result.text());
    }

    /** The tool_use block replayed in history; invalid arguments become {} (the result explains). */
    static ContentBlock.ToolUse toolUse(ModelEvent.ToolCallCompleted call) {
        return new ContentBlock.ToolUse(
                call.id(),
                call.name(),
                call.argumentsValid() ? call.arguments() : JsonNodeFactory.instance.objectNode());
    }
}
