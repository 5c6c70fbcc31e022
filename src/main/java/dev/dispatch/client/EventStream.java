package dev.dispatch.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.Subscription;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A remote subscription: reads {@code GET /v1/events} on its own connection and thread, delivers
 * each event as the same {@link JournalEvent} the in-process engine delivers, and when the connection drops (daemon restart, or dropped as
 * a slow consumer) reconnects with {@code Last-Event-ID} so nothing is missed or repeated. A
 * {@code reset} arrives as an entry of type {@code reset}. Authentication failures end it.
 */
final class EventStream implements Subscription {
    private final RemoteEngine engine;
    private final EventFilter filter;
    private final Consumer<Event> sink;
    private volatile boolean closed;
    private volatile UnixHttp.Stream current;
    private long last;

    private EventStream(RemoteEngine engine, EventFilter filter, Consumer<Event> sink) {
        this.engine = engine;
        this.filter = filter;
        this.sink = sink;
        this.last = filter.since();
    }

    static EventStream start(RemoteEngine engine, EventFilter filter, Consumer<Event> sink) {
        EventStream s = new EventStream(engine, filter, sink);
        Thread.ofVirtual().name("dispatch-events").start(s::run);
        return s;
    }

    private void run() {
        while (!closed) {
            Map<String, String> headers = engine.headers();
            headers.put("Accept", "text/event-stream");
            if (last >= 0) headers.put("Last-Event-ID", Long.toString(last));
            try (UnixHttp.Stream s = engine.http().stream(target(), headers)) {
                current = s;
                if (s.status() != 200) return; // 401/403/429: retrying cannot help
                SseReader reader = new SseReader(s.body());
                for (SseReader.Frame f = reader.next(); f != null && !closed; f = reader.next()) deliver(f);
            } catch (IOException | RuntimeException e) {
                if (closed) return;
            }
            pause();
        }
    }

    private void deliver(SseReader.Frame f) throws IOException {
        JsonNode n = Json.mapper().readTree(f.data());
        if (JournalEvent.RESET.equals(f.event())) {
            sink.accept(new JournalEvent(0, JournalEvent.RESET, null, null, Instant.now(), n));
            return;
        }
        if (f.id() == null) {
            // transient events of the daemon's agents ({type, data}): live only, never replayed
            Class<? extends dev.dispatch.protocol.Event> type =
                    dev.dispatch.protocol.TransientEvents.byName(n.path("type").asText());
            if (type != null && n.has("data")) sink.accept(Json.mapper().treeToValue(n.get("data"), type));
            return;
        }
        JournalEvent e = Json.mapper().treeToValue(n, JournalEvent.class);
        sink.accept(e);
        if (e.seq() > 0) last = e.seq();
    }

    private String target() {
        StringBuilder q = new StringBuilder("/v1/events");
        char sep = '?';
        if (filter.space() != null) {
            q.append(sep).append("space=").append(enc(filter.space()));
            sep = '&';
        }
        if (filter.agent() != null) {
            q.append(sep).append("agent=").append(enc(filter.agent()));
            sep = '&';
        }
        if (filter.types() != null)
            for (String t : filter.types()) {
                q.append(sep).append("type=").append(enc(t));
                sep = '&';
            }
        return q.toString();
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        UnixHttp.Stream s = current;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
