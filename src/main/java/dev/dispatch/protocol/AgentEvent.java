package dev.dispatch.protocol;

/**
 * An event that belongs to one running agent: what its turn loop and its tools did.
 * Faces that show one agent (run, chat) keep the events whose {@link #agentId()} is theirs.
 */
public sealed interface AgentEvent extends Event
        permits RuntimeEvents.AgentStarted,
                RuntimeEvents.AgentStateChanged,
                RuntimeEvents.UserMessageDelivered,
                RuntimeEvents.TurnStarted,
                RuntimeEvents.TextDelta,
                RuntimeEvents.ToolCallStarted,
                RuntimeEvents.ToolOutput,
                RuntimeEvents.ToolCallFinished,
                RuntimeEvents.UsageRecorded,
                RuntimeEvents.TurnEnded,
                RuntimeEvents.PermissionRequested,
                RuntimeEvents.PermissionResolved,
                RuntimeEvents.AgentFinished,
                RuntimeEvents.QuestionAsked,
                RuntimeEvents.QuestionAnswered {
    /** The agent the event belongs to. */
    String agentId();

    /**
     * The running agent {@code e} belongs to (a journaled key switch included), or null for an event of the
     * engine or of coordination.
     */
    static String agentOf(Event e) {
        if (e instanceof AgentEvent a) return a.agentId();
        if (e instanceof JournalEvent j && j.payload() instanceof KeyEvents.KeySwitched k) return k.agentId();
        return null;
    }
}
