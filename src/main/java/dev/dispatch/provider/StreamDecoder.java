package dev.dispatch.provider;

/**
 * Reads one streamed answer, SSE event by SSE event, emitting {@link ModelEvent}s for text and tool
 * calls as they complete and a {@link ModelEvent.Usage} just before it reports the end.
 */
interface StreamDecoder {

    /** How the answer ended, once it did. */
    sealed interface Outcome {}

    /** The model stopped normally. */
    record Finished(StopReason reason, String rawReason) implements Outcome {}

    /** The provider reported an error inside the stream, or the stream was unreadable. */
    record Errored(String errorType, String message) implements Outcome {}

    /** @return the outcome when this event ended the answer, else null */
    Outcome onEvent(SseParser.SseEvent event);

    /** The body ended; returns how the answer ended (an error if it ended too early). */
    Outcome onEnd();

    /** Whether any text or tool call has been emitted (after which a retry would duplicate output). */
    boolean emittedContent();
}
