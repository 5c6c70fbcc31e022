package dev.dispatch.protocol;

/**
 * An event that belongs to one running agent: what its turn loop, its tools and its key routing did.
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
                RuntimeEvents.QuestionAnswered,
                KeyEvents.KeySwitched {
    /** The agent the event belongs to. */
    String agentId();

    /** The agent {@code e} belongs to, or null for an event of the engine or the journal. */
    static String agentOf(Event e) {
        return e instanceof AgentEvent a ? a.agentId() : null;
    }
}
