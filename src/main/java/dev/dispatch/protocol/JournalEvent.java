package dev.dispatch.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One committed journal entry as faces see it: a past-tense {@code type} ({@code TaskClaimed},
 * {@code AgentRegistered}, …), its sequence number (commit order), space, acting agent, engine time and
 * a JSON payload whose shape per type is documented in docs/cli-json.md. The synthetic type
 * {@link #RESET} tells a reader that events it asked for are past retention.
 */
public record JournalEvent(long seq, String type, String space, String agent, Instant at, JsonNode data)
        implements Event {
    /** Sent instead of a silent gap when a reader resumes from a sequence older than retention. */
    public static final String RESET = "reset";
}
