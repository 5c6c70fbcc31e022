package dev.dispatch.provider;

import java.util.function.Consumer;

/**
 * Turns the lines of a {@code text/event-stream} into events, per the WHATWG rules the providers
 * follow: {@code field: value} lines (one leading space stripped), several {@code data:} lines joined
 * by newlines, {@code :} comments and unknown fields ignored, a blank line dispatches.
 */
final class SseParser {
    /** One dispatched event; {@code event} is "message" when the server named none. */
    record SseEvent(String event, String data, String id) {}

    private final Consumer<SseEvent> sink;
    private final StringBuilder data = new StringBuilder();
    private String event = "";
    private String lastId = "";
    private boolean hasData;

    SseParser(Consumer<SseEvent> sink) {
        this.sink = sink;
    }

    /** Feeds one line, without its terminator. */
    void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') return;
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) value = value.substring(1);
        switch (field) {
            case "event" -> event = value;
            case "data" -> {
                if (hasData) data.append('\n');
                data.append(value);
                hasData = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) lastId = value;
            }
            default -> {
                // "retry" and unknown fields: nothing for a one-shot model stream to do with them.
            }
        }
    }

    /**
     * The stream ended. The standard drops an event without its closing blank line; some
     * OpenAI-compatible servers end exactly that way after their last chunk, so it is dispatched.
     */
    void end() {
        dispatch();
    }

    private void dispatch() {
        if (hasData) sink.accept(new SseEvent(event.isEmpty() ? "message" : event, data.toString(), lastId));
        data.setLength(0);
        hasData = false;
        event = "";
    }
}
