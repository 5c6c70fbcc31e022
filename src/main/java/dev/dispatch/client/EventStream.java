package dev.dispatch.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.JournalPayload;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.PlainJson;
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
 *
 * <p>{@link #start} returns only once the daemon has registered the stream (it writes
 * {@code : connected} after that), so an op submitted next cannot emit an event this subscriber
 * misses: the agent's live events (tool output, text, its end) are never replayed, and a face that
 * submitted before the stream was connected lost them and waited forever (ARCHITECTURE.md §1, "attach
 * without losing an event").
 *
 * <p>On a {@link RemoteEngine#plain plain} engine (an attached {@code dispatch run} without Jackson) it
 * decodes with {@link PlainJson} and delivers the transient events only (agents' and the engine's):
 * journal entries carry Jackson trees, and such a face reads none; their ids still move the resume point.
 */
final class EventStream implements Subscription {
    private final RemoteEngine engine;
    private final EventFilter filter;
    private final Consumer<Event> sink;
    private volatile boolean closed;
    private volatile UnixHttp.Stream current;
    private long last;
    private final java.util.concurrent.CompletableFuture<Void> ready = new java.util.concurrent.CompletableFuture<>();
    /** How long {@link #start} waits for the daemon to confirm the stream. */
    static final long CONNECT_SECONDS = 15;

    private EventStream(RemoteEngine engine, EventFilter filter, Consumer<Event> sink) {
        this.engine = engine;
        this.filter = filter;
        this.sink = sink;
        this.last = filter.since();
    }

    static EventStream start(RemoteEngine engine, EventFilter filter, Consumer<Event> sink) {
        EventStream s = new EventStream(engine, filter, sink);
        Thread.ofPlatform().daemon().name("dispatch-events").start(s::run);
        try {
            s.ready.get(CONNECT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            s.close();
            throw e.getCause() instanceof EngineException ee
                    ? ee
                    : new EngineException(
                            ErrorCode.INTERNAL,
                            "cannot follow the daemon's events: " + e.getCause().getMessage());
        } catch (java.util.concurrent.TimeoutException e) {
            s.close();
            throw new EngineException(
                    ErrorCode.INTERNAL,
                    "the daemon at " + engine.http().socket() + " did not open an event stream within "
                            + CONNECT_SECONDS + " s (check 'dispatch daemon status')");
        } catch (InterruptedException e) {
            s.close();
            Thread.currentThread().interrupt();
            throw new EngineException(ErrorCode.INTERNAL, "interrupted while connecting to the daemon's events");
        }
        return s;
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            Map<String, String> headers = engine.headers();
            headers.put("Accept", "text/event-stream");
            if (last >= 0) headers.put("Last-Event-ID", Long.toString(last));
            try (UnixHttp.Stream s = engine.http().stream(target(), headers)) {
                current = s;
                if (s.status() != 200) { // 401/403/429: retrying cannot help
                    ready.completeExceptionally(RemoteEngine.error(
                            "GET /v1/events",
                            target(),
                            new UnixHttp.Response(
                                    s.status(), s.headers(), s.body().readNBytes(64 * 1024))));
                    return;
                }
                // 1) the daemon writes ": connected" once the stream is registered: from here nothing is missed
                awaitConnected(s.body());
                ready.complete(null);
                SseReader reader = new SseReader(s.body());
                for (SseReader.Frame f = reader.next(); f != null && !closed; f = reader.next()) deliver(f);
            } catch (IOException | RuntimeException e) {
                if (closed) return;
                if (!ready.isDone() && ++failures >= 3) {
                    ready.completeExceptionally(new EngineException(
                            ErrorCode.INTERNAL,
                            "cannot open the daemon's event stream at "
                                    + engine.http().socket() + ": " + e.getMessage()));
                    return;
                }
            }
            pause();
        }
    }

    /** Reads up to the first blank line: the comment the daemon sends once the stream is registered. */
    private static void awaitConnected(java.io.InputStream in) throws IOException {
        for (String line = UnixHttp.line(in); line != null; line = UnixHttp.line(in)) {
            if (line.isEmpty()) return;
        }
        throw new IOException("the daemon closed the event stream before confirming it");
    }

    private void deliver(SseReader.Frame f) throws IOException {
        if (engine.isPlain()) {
            deliverPlain(f);
            return;
        }
        long seq = Mapped.deliver(f, sink);
        if (seq > 0) last = seq;
    }

    /** Jackson's reading of a frame, in a class of its own so that a plain stream never loads Jackson. */
    private static final class Mapped {
        /** Delivers {@code f}'s event; answers its journal sequence (0: none). */
        static long deliver(SseReader.Frame f, Consumer<Event> sink) throws IOException {
            JsonNode n = Json.mapper().readTree(f.data());
            if (JournalEvent.RESET.equals(f.event())) {
                long oldest = n.path("oldest").asLong();
                sink.accept(new JournalEvent(
                        0,
                        null,
                        null,
                        Instant.now(),
                        new JournalEvent.Reset(n.path("requestedSince").asLong(), Math.max(0, oldest - 1))));
                return 0;
            }
            if (f.id() == null) {
                // transient events of the daemon's agents ({type, data}): live only, never replayed
                Class<? extends dev.dispatch.protocol.Event> type = dev.dispatch.protocol.TransientEvents.byName(
                        n.path("type").asText());
                if (type != null && n.has("data")) sink.accept(Json.mapper().treeToValue(n.get("data"), type));
                return 0;
            }
            JournalEvent e = Json.mapper().treeToValue(n, JournalEvent.class);
            sink.accept(e);
            return e.seq();
        }
    }

    /**
     * {@link #deliver} without Jackson: transient events, and of the journal only the engine's news
     * ({@link JournalPayload.Notice}: key switches, reloads), which a run shows (see the class comment).
     */
    private void deliverPlain(SseReader.Frame f) {
        if (f.id() != null) {
            long seq;
            try {
                seq = Long.parseLong(f.id().strip());
            } catch (NumberFormatException notOurs) {
                // the daemon writes the journal sequence here; anything else cannot be resumed from
                return;
            }
            if (seq > 0) last = seq;
            Class<? extends JournalPayload> type = JournalPayload.byName(f.event());
            if (type == null || !JournalPayload.Notice.class.isAssignableFrom(type)) return;
            if (!(PlainJson.read(f.data()) instanceof Map<?, ?> n) || n.get("data") == null) return;
            JournalPayload news = type.cast(PlainJson.decode(n.get("data"), type));
            Instant at = n.get("at") instanceof String s ? (Instant) PlainJson.decode(s, Instant.class) : null;
            sink.accept(new JournalEvent(seq, n.get("space") instanceof String sp ? sp : null, null, at, news));
            return;
        }
        if (JournalEvent.RESET.equals(f.event())) return;
        if (!(PlainJson.read(f.data()) instanceof Map<?, ?> n) || !(n.get("type") instanceof String name)) return;
        Class<? extends Event> type = dev.dispatch.protocol.TransientEvents.byName(name);
        if (type != null && n.get("data") != null) sink.accept(type.cast(PlainJson.decode(n.get("data"), type)));
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
                s.abort(); // the reading thread closes it
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
