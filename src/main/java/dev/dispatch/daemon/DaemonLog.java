package dev.dispatch.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.PlainJson;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/**
 * The daemon's structured log: one JSON object per line (time, event, then fields such as request
 * id, route template, status, duration). It records identities, never tokens or request bodies.
 * {@code daemon run} hands it stderr; a detached daemon's stderr is the log file.
 */
public final class DaemonLog {
    private final Writer out;

    public DaemonLog(Writer out) {
        this.out = out;
    }

    /** A log that discards everything (tests that do not look at it). */
    public static DaemonLog discard() {
        return new DaemonLog(Writer.nullWriter());
    }

    /**
     * One line per request, so it is built by hand: a Jackson tree per request cost more CPU than the
     * rest of the logging. Values that come from users (the caller's space and agent) are escaped.
     */
    void request(String requestId, String method, String route, int status, long nanos, String caller) {
        StringBuilder b = new StringBuilder(192)
                .append("{\"at\":\"")
                .append(Instant.now())
                .append("\",\"event\":\"request\"");
        b.append(",\"requestId\":");
        PlainJson.string(b, requestId);
        b.append(",\"method\":");
        PlainJson.string(b, method);
        b.append(",\"route\":");
        PlainJson.string(b, route);
        b.append(",\"status\":").append(status).append(",\"durationMs\":").append(Math.round(nanos / 10_000.0) / 100.0);
        if (caller != null) {
            b.append(",\"caller\":");
            PlainJson.string(b, caller);
        }
        writeLine(b.append("}\n").toString());
    }

    void info(String event, String message) {
        write(line(event).put("message", message));
    }

    void error(String event, String requestId, Throwable t) {
        ObjectNode n = line(event).put("level", "error");
        if (requestId != null) n.put("requestId", requestId);
        n.put("error", t.getClass().getSimpleName()).put("message", String.valueOf(t.getMessage()));
        write(n);
    }

    private static ObjectNode line(String event) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("at", Instant.now().toString()).put("event", event);
        return n;
    }

    private void write(ObjectNode n) {
        try {
            writeLine(Json.mapper().writeValueAsString(n) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a log line", e);
        }
    }

    private void writeLine(String line) {
        try {
            synchronized (out) {
                out.write(line);
                out.flush();
            }
        } catch (IOException e) {
            // a closed log (terminal gone, disk full) must not fail requests; the request still answers
        }
    }
}
