package dev.dispatch.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link Provider} reports while a model answers, the same for every wire format.
 *
 * <p>Order within one call: any number of {@link Retrying} (before the answer starts), then
 * {@link TextDelta}s and tool-call events interleaved as the model produces them, then at most one
 * {@link Usage}, then exactly one {@link Terminal} event ({@link Stopped} or {@link Failed}). For each
 * tool call: one {@link ToolCallStarted}, zero or more {@link ToolCallArgumentsDelta}, one
 * {@link ToolCallCompleted} carrying the whole, parsed arguments, so consumers never reassemble JSON.
 * No event ever contains an API key.
 */
public sealed interface ModelEvent {

    /** The last event of a call. */
    sealed interface Terminal extends ModelEvent {}

    /** A piece of the model's visible text. */
    record TextDelta(String text) implements ModelEvent {}

    /**
     * The model began a tool call.
     *
     * @param index position of the call within this answer (0, 1, …), stable across its events
     * @param id the provider's call id, echoed back in the tool result
     */
    record ToolCallStarted(int index, String id, String name) implements ModelEvent {}

    /** A fragment of a tool call's JSON arguments, for live display only. */
    record ToolCallArgumentsDelta(int index, String id, String fragment) implements ModelEvent {}

    /**
     * A tool call whose arguments are complete.
     *
     * @param argumentsJson the arguments exactly as the model wrote them ({@code {}} when it wrote none)
     * @param arguments the parsed arguments, or null when the model wrote invalid JSON
     * @param argumentsError why parsing failed (for the error result sent back), or null when it parsed
     */
    record ToolCallCompleted(
            int index, String id, String name, String argumentsJson, JsonNode arguments, String argumentsError)
            implements ModelEvent {

        public boolean argumentsValid() {
            return arguments != null;
        }

        /**
         * The call as it is replayed in the next request's assistant message. Unparseable arguments
         * are replayed as {@code {}} (both APIs require an object); the error result sent back tells
         * the model what was wrong.
         */
        public ContentBlock.ToolUse toToolUse() {
            JsonNode input = argumentsValid() ? arguments : Json.mapper().createObjectNode();
            return new ContentBlock.ToolUse(id, name, input);
        }
    }

    /**
     * Tokens the call consumed. {@code inputTokens} excludes cached tokens on every wire (OpenAI's
     * {@code prompt_tokens} includes them; the adapter subtracts), so the four figures add up.
     */
    record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens)
            implements ModelEvent {
        public static final Usage NONE = new Usage(0, 0, 0, 0);

        public long totalTokens() {
            return inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens;
        }
    }

    /**
     * The call failed in a way worth retrying, and the provider will try again after {@code delay}.
     *
     * @param attempt the attempt that just failed, from 1
     * @param maxAttempts attempts allowed in total
     */
    record Retrying(int attempt, int maxAttempts, Duration delay, ProviderFailure cause) implements ModelEvent {}

    /**
     * The model finished (or the caller cancelled).
     *
     * @param rawReason the provider's own word ({@code end_turn}, {@code tool_calls}, …) or "cancelled"
     */
    record Stopped(StopReason reason, String rawReason) implements Terminal {
        public Stopped {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The call failed for good; {@link ProviderFailure} says why and whether another key might help. */
    record Failed(ProviderFailure failure) implements Terminal {
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }
    }
}
