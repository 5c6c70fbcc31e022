package dev.dispatch.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One committed journal entry as faces see it: its sequence number (commit order), space, acting agent,
 * engine time and its typed {@link JournalPayload}. On the wire (docs/cli-json.md) it stays
 * {@code {"seq","type","space","agent","at","data"}}, {@code type} being the payload's name. The
 * synthetic {@link Reset} tells a reader that events it asked for are past retention.
 *
 * <p>An engine module that has news to journal ({@link JournalPayload.Notice}) hands the bus an
 * {@link #uncommitted} event (seq 0); the engine commits it through coord's one write path, and only
 * the committed event (seq &gt; 0) reaches subscribers.
 */
@JsonPropertyOrder({"seq", "type", "space", "agent", "at", "data"})
public record JournalEvent(
        long seq, String space, String agent, Instant at, @JsonProperty("data") JournalPayload payload)
        implements Event {
    /** The wire name of {@link Reset}: sent instead of a silent gap when a reader resumes past retention. */
    public static final String RESET = "reset";

    /** The events between {@code requestedSince} and {@code resumedAfter} are past retention. */
    public record Reset(long requestedSince, long resumedAfter) implements JournalPayload {
        @Override
        public String type() {
            return RESET;
        }
    }

    /** A payload this version does not know (a newer engine's), kept as it came. */
    public record Unknown(@JsonIgnore String name, @JsonValue JsonNode data) implements JournalPayload {
        @Override
        public String type() {
            return name;
        }
    }

    /** News for the engine to commit (seq 0, no space: it concerns the whole engine). */
    public static JournalEvent uncommitted(JournalPayload.Notice news) {
        return new JournalEvent(0, null, null, null, news);
    }

    @Override
    @JsonProperty("type")
    public String type() {
        return payload.type();
    }

    /** Reads the wire form, decoding {@code data} into its payload record once. */
    @JsonCreator
    static JournalEvent read(
            @JsonProperty("seq") long seq,
            @JsonProperty("type") String type,
            @JsonProperty("space") String space,
            @JsonProperty("agent") String agent,
            @JsonProperty("at") Instant at,
            @JsonProperty("data") JsonNode data) {
        return new JournalEvent(seq, space, agent, at, decode(type, data));
    }

    /**
     * The payload of a journal row: {@code data} read as the record its {@code type} names. Fields a newer
     * version added are ignored, so an old face can read a new journal; an unknown type is kept as
     * {@link Unknown}.
     */
    public static JournalPayload decode(String type, JsonNode data) {
        Class<? extends JournalPayload> c = JournalPayload.byName(type);
        if (c == null) return new Unknown(type, data);
        try {
            return Json.mapper()
                    .readerFor(c)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(data == null ? Json.mapper().createObjectNode() : data);
        } catch (IOException e) {
            throw new UncheckedIOException("journal event " + type + " holds data this version cannot read", e);
        }
    }

    /** {@link #decode(String, JsonNode)} from the stored JSON text. */
    public static JournalPayload decode(String type, String json) {
        try {
            return decode(
                    type, json == null || json.isBlank() ? null : Json.mapper().readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("journal event " + type + " holds malformed JSON", e);
        }
    }
}
