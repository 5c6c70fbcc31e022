package dev.dispatch.daemon;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.JournalEntry;
import dev.dispatch.protocol.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One Server-Sent Events frame, encoded once and shared by every subscriber it goes to. Journal
 * events carry {@code id: seq}; transient events carry no id (they cannot be replayed).
 *
 * @param seq the journal sequence, 0 for transient frames and comments
 */
record SseFrame(long seq, JournalEntry entry, byte[] bytes) {
    static final SseFrame KEEPALIVE = new SseFrame(0, null, ": keepalive\n\n".getBytes(StandardCharsets.UTF_8));

    /** {@code id}, {@code event} and a JSON envelope {seq, at, space, type, agent, data}. */
    static SseFrame of(JournalEntry e) {
        String json = envelope(g -> {
            g.writeNumberField("seq", e.seq());
            if (e.at() != null) g.writeStringField("at", e.at().toString());
            if (e.space() != null) g.writeStringField("space", e.space());
            g.writeStringField("type", e.type());
            if (e.agent() != null) g.writeStringField("agent", e.agent());
            if (e.data() != null && !e.data().isBlank()) {
                g.writeFieldName("data");
                g.writeRawValue(e.data());
            }
        });
        return new SseFrame(e.seq(), e, frame("id: " + e.seq() + "\nevent: " + e.type() + "\n", json));
    }

    /** A transient event (seq 0): no id; the envelope is {type, data}. */
    static SseFrame transientEvent(Event e) {
        String json = envelope(g -> {
            g.writeStringField("type", e.type());
            g.writeFieldName("data");
            Json.mapper().writeValue(g, e);
        });
        return new SseFrame(0, null, frame("event: " + e.type() + "\n", json));
    }

    /** Sent once when the requested id is older than the journal keeps: the client must resync. */
    static SseFrame reset(long requestedSince, long oldest) {
        String json = "{\"requestedSince\":" + requestedSince + ",\"oldest\":" + oldest + "}";
        return new SseFrame(0, null, frame("event: reset\n", json));
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String envelope(Body body) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(w)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static byte[] frame(String head, String json) {
        StringBuilder sb = new StringBuilder(head.length() + json.length() + 16).append(head);
        // SSE ends a field at a newline: a payload stored with newlines becomes several data lines.
        for (String line : json.split("\n", -1))
            sb.append("data: ").append(line).append('\n');
        return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}
