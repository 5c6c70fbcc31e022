package dev.dispatch.provider;

/** Why the model stopped, normalised across wire formats. */
public enum StopReason {
    /** The model finished its answer ({@code end_turn}, {@code stop}). */
    END_TURN,
    /** The model wants tools run ({@code tool_use}, {@code tool_calls}). */
    TOOL_USE,
    /** The output cap was reached ({@code max_tokens}, {@code length}). */
    MAX_TOKENS,
    /** A stop sequence matched. */
    STOP_SEQUENCE,
    /** The provider refused or filtered the answer ({@code refusal}, {@code content_filter}). */
    REFUSAL,
    /** The provider paused a long turn; send the conversation again to continue ({@code pause_turn}). */
    PAUSED,
    /** The caller cancelled the call. */
    CANCELLED,
    /** A reason this version does not know; see {@link ModelEvent.Stopped#rawReason()}. */
    OTHER
}
