package dev.dispatch.agent;

import dev.dispatch.protocol.Cancellation;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.provider.ModelEvent;
import dev.dispatch.provider.ModelRequest;
import dev.dispatch.provider.Provider;
import dev.dispatch.provider.StopReason;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Step 2 of a turn: streams one model call, forwarding text as {@code TextDelta} events the moment it
 * arrives, and assembles the whole answer (text, complete tool calls, usage, stop reason).
 */
final class StreamAssembler {
    private final Consumer<Event> events;

    StreamAssembler(Consumer<Event> events) {
        this.events = events;
    }

    AssistantTurn stream(String agentId, Provider provider, ModelRequest request, Cancellation cancellation) {
        StringBuilder text = new StringBuilder();
        List<ModelEvent.ToolCallCompleted> calls = new ArrayList<>();
        ModelEvent.Usage[] usage = {ModelEvent.Usage.NONE};
        ModelEvent.Terminal end = provider.stream(
                request,
                e -> {
                    // instanceof, not a pattern switch: each such switch spins a class at its first run
                    if (e instanceof ModelEvent.TextDelta d) {
                        text.append(d.text());
                        events.accept(new RuntimeEvents.TextDelta(agentId, d.text()));
                    } else if (e instanceof ModelEvent.ToolCallCompleted c) {
                        calls.add(c);
                    } else if (e instanceof ModelEvent.Usage u) {
                        usage[0] = u;
                    } else if (e instanceof ModelEvent.Retrying r) {
                        events.accept(new RuntimeEvents.AgentStateChanged(
                                agentId,
                                dev.dispatch.protocol.AgentStatus.RUNNING,
                                "retrying in " + r.delay().toMillis() + " ms after "
                                        + r.cause().message() + " (attempt " + r.attempt() + " of "
                                        + r.maxAttempts() + ")"));
                    }
                },
                cancellation);
        if (end instanceof ModelEvent.Stopped s)
            return new AssistantTurn(text.toString(), calls, usage[0], s.reason(), s.rawReason(), null);
        return new AssistantTurn(text.toString(), calls, usage[0], StopReason.OTHER, "failed", (ModelEvent.Failed) end);
    }
}
