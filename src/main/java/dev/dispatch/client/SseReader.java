package dev.dispatch.client;

import java.io.IOException;
import java.io.InputStream;

/**
 * Parses a Server-Sent Events stream into events (comments such as keepalives are skipped). Lines
 * are UTF-8; multiple {@code data:} lines join with a newline, as the SSE spec says.
 */
final class SseReader {
    /** One dispatched event; {@code id} null when the frame carried none. */
    record Frame(String id, String event, String data) {}

    private final InputStream in;

    SseReader(InputStream in) {
        this.in = in;
    }

    /** The next event, or null at the end of the stream. */
    Frame next() throws IOException {
        String id = null;
        String event = null;
        StringBuilder data = null;
        for (String line = UnixHttp.line(in); line != null; line = UnixHttp.line(in)) {
            if (line.isEmpty()) {
                if (data != null || event != null)
                    return new Frame(id, event == null ? "message" : event, data == null ? "" : data.toString());
                continue;
            }
            if (line.startsWith(":")) continue;
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) value = value.substring(1);
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" ->
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                default -> {
                    // retry and unknown fields: ignored, as the spec says
                }
            }
        }
        return null;
    }
}
