package dev.dispatch.protocol;

/**
 * Something that happened, named in the past tense ({@code TaskClaimed}, {@code TextDelta}). A sealed
 * hierarchy, so a face that folds events (the TUI's view model, the SSE encoder) is checked by the
 * compiler to handle every kind: {@link AgentEvent}s belong to one running agent, {@link EngineEvent}s
 * to the engine as a whole (keys, config, skills), and {@link JournalEvent}s are committed coordination
 * changes with a sequence number. Transient events carry sequence 0.
 */
public sealed interface Event permits AgentEvent, EngineEvent, JournalEvent {
    /** The wire name, e.g. {@code TaskClaimed}: the record's own name, so each payload has exactly one. */
    default String type() {
        return getClass().getSimpleName();
    }

    /** Journal sequence number; 0 for transient events that are not journaled. */
    default long seq() {
        return 0;
    }
}
