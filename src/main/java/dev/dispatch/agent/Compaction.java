package dev.dispatch.agent;

import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.RuntimeEvents;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * When and how a running agent's context is compacted: automatically before a call once the
 * conversation reaches {@code threshold} of the model's context window (per project, from
 * {@code compaction.threshold}; 0 is off), or on demand. Always on the agent's own thread, with a
 * visible notice (an {@code AgentStateChanged} whose detail says what was compacted).
 */
final class Compaction {
    private final Compactor compactor;
    private final ToDoubleFunction<Path> threshold;
    private final Consumer<Event> events;

    Compaction(Compactor compactor, ToDoubleFunction<Path> threshold, Consumer<Event> events) {
        this.compactor = compactor;
        this.threshold = threshold;
        this.events = events;
    }

    Compactor compactor() {
        return compactor;
    }

    /** Compacts when the context has reached the threshold; a failure is announced and the turn goes on. */
    void auto(RunningAgent agent) {
        int window = agent.spec().model().contextWindow();
        double share = threshold.applyAsDouble(agent.spec().projectRoot());
        if (window <= 0 || share <= 0) return;
        long estimate = Conversation.estimateTokens(agent.history(), null);
        if (estimate < share * window || Compactor.cut(agent.history()) < 1) return;
        try {
            now(agent, "automatic: about " + estimate + " of " + window + " tokens");
        } catch (RuntimeException e) {
            events.accept(new RuntimeEvents.AgentStateChanged(
                    agent.id(), agent.status(), "automatic compaction failed: " + e.getMessage()));
        }
    }

    /** Compacts now, on the agent's thread; the stream switch makes a cancel stop the summary call too. */
    Compactor.Result now(RunningAgent agent, String why) {
        events.accept(new RuntimeEvents.AgentStateChanged(
                agent.id(), agent.status(), "compacting the conversation (" + why + ")"));
        Compactor.Result r;
        try {
            r = compactor.compact(
                    agent.sessionId(), agent.history(), agent.spec().model(), null, agent.beginStream());
        } finally {
            agent.endStream();
        }
        events.accept(new RuntimeEvents.AgentStateChanged(agent.id(), agent.status(), r.describe()));
        return r;
    }
}
