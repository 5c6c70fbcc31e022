package dev.dispatch.protocol;

import java.util.List;
import java.util.Map;

/**
 * The transient event records (not journaled) by wire name, so a remote face can decode what the
 * daemon streams without classpath scanning: one explicit list, checked against the records by a test.
 */
public final class TransientEvents {
    static final List<Class<? extends Event>> ALL = List.of(
            RuntimeEvents.AgentStarted.class,
            RuntimeEvents.AgentStateChanged.class,
            RuntimeEvents.UserMessageDelivered.class,
            RuntimeEvents.TurnStarted.class,
            RuntimeEvents.TextDelta.class,
            RuntimeEvents.ToolCallStarted.class,
            RuntimeEvents.ToolOutput.class,
            RuntimeEvents.ToolCallFinished.class,
            RuntimeEvents.UsageRecorded.class,
            RuntimeEvents.TurnEnded.class,
            RuntimeEvents.PermissionRequested.class,
            RuntimeEvents.PermissionResolved.class,
            RuntimeEvents.AgentFinished.class,
            RuntimeEvents.QuestionAsked.class,
            RuntimeEvents.QuestionAnswered.class,
            KeyEvents.KeyDisabled.class,
            KeyEvents.KeyCooling.class,
            KeyEvents.KeyExhausted.class,
            KeyEvents.ConfigRejected.class,
            FleetEvents.ConflictDetected.class,
            FleetEvents.ExternalAgentExited.class,
            FleetEvents.AgentNudged.class,
            LspEvents.LspDiagnosticsChanged.class,
            LspEvents.LspServerChanged.class);

    private static final Map<String, Class<? extends Event>> BY_NAME = byName();

    /** A loop, not a stream: an attached run's start loads no stream pipeline for it. */
    private static Map<String, Class<? extends Event>> byName() {
        Map<String, Class<? extends Event>> m = new java.util.HashMap<>();
        for (Class<? extends Event> c : ALL) m.put(c.getSimpleName(), c);
        return Map.copyOf(m);
    }

    private TransientEvents() {}

    /** The record class for a wire name, or null for a name this version does not know. */
    public static Class<? extends Event> byName(String type) {
        return BY_NAME.get(type);
    }
}
