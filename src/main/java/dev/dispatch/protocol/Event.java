package dev.dispatch.protocol;

/**
 * Something that happened, named in the past tense ({@code TaskClaimed}, {@code TextDelta}). Journal
 * events carry a sequence number; transient stream events (token deltas) carry 0.
 */
public interface Event {
    /** The wire name, e.g. {@code TaskClaimed}. */
    String type();

    /** Journal sequence number; 0 for transient events that are not journaled. */
    default long seq() {
        return 0;
    }
}
