package dev.dispatch.agent;

import dev.dispatch.provider.ModelEvent;
import dev.dispatch.provider.StopReason;
import java.util.List;

/**
 * What one model call produced, assembled from its stream: the visible text, the tool calls with
 * complete arguments, usage, and how it ended ({@code failure} non-null when it failed).
 */
record AssistantTurn(
        String text,
        List<ModelEvent.ToolCallCompleted> toolCalls,
        ModelEvent.Usage usage,
        StopReason stopReason,
        String rawStopReason,
        ModelEvent.Failed failure) {
    boolean failed() {
        return failure != null;
    }
}
