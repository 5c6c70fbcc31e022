package dev.dispatch.client;

import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.OpCodec;
import dev.dispatch.protocol.PlainJson;
import dev.dispatch.protocol.Route;
import dev.dispatch.protocol.Routes;
import dev.dispatch.protocol.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The engine of a daemon, reached over its Unix socket: an op becomes a request by the shared route
 * table, the answer decodes into the op's {@code R}, and an error body becomes the same
 * {@link EngineException} the in-process engine would throw, so a command prints the same message
 * and exits with the same code either way.
 *
 * <p>A {@link #plain} engine does the same without Jackson ({@link PlainJson} reads answers and events):
 * for an attached {@code dispatch run}, whose start-up would otherwise pay for Jackson's mapper and its
 * first deserializers (issue #19).
 */
public final class RemoteEngine implements Engine {
    private final UnixHttp http;
    private final String token;
    private final Routes routes;
    private final DaemonInfo info;
    private final boolean plain;

    public RemoteEngine(UnixHttp http, String token, Routes routes, DaemonInfo info) {
        this(http, token, routes, info, false);
    }

    private RemoteEngine(UnixHttp http, String token, Routes routes, DaemonInfo info, boolean plain) {
        this.http = http;
        this.token = token;
        this.routes = routes;
        this.info = info;
        this.plain = plain;
    }

    /**
     * An engine that reads answers with {@link PlainJson} and delivers only transient events to its
     * subscribers (agents' and the engine's; see {@link EventStream}), without loading Jackson.
     */
    public static RemoteEngine plain(UnixHttp http, String token, Routes routes, DaemonInfo info) {
        return new RemoteEngine(http, token, routes, info, true);
    }

    boolean isPlain() {
        return plain;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> R submit(Op<R> op) {
        Route route = routes.route(op.getClass());
        UnixHttp.Response r = send(route, OpCodec.encode(route, op));
        if (plain) {
            try {
                return (R) PlainJson.read(r.text(), PlainJson.answerType(op.getClass()));
            } catch (IllegalArgumentException e) {
                throw new EngineException(
                        ErrorCode.INTERNAL,
                        "daemon answered " + route + " with an unreadable body: " + e.getMessage(),
                        e);
            }
        }
        try {
            return Json.mapper().readValue(r.body(), OpCodec.answerType(op.getClass()));
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.INTERNAL, "daemon answered " + route + " with an unreadable body: " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #submit}, but the answer stays the JSON text the daemon sent: the daemon encodes it with
     * the same {@link Json#mapper()}, so for a caller that prints JSON it equals decoding and encoding
     * again, without building Jackson's deserializer and serializer for the answer type on every start.
     */
    public String submitForJson(Op<?> op) {
        Route route = routes.route(op.getClass());
        return send(route, OpCodec.encode(route, op)).text();
    }

    /** Sends an op already encoded for {@code route} ({@link OpCodec#encode}); a non-2xx answer is thrown as the engine's error. */
    public UnixHttp.Response send(Route route, OpCodec.HttpCall call) {
        UnixHttp.Response r;
        try {
            r = http.send(
                    call.method(),
                    call.target(),
                    headers(),
                    call.body() == null ? null : call.body().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.INTERNAL,
                    "lost the daemon at " + http.socket() + " during " + route + ": " + e.getMessage()
                            + " (check 'dispatch daemon status')",
                    e);
        }
        if (r.status() / 100 != 2) throw error(route.toString(), call.target(), r);
        return r;
    }

    /**
     * The daemon's {@code {"error":{"code","message"}}} as the exception the in-process engine throws; an
     * answer of another shape (the HTTP server refused the request before any route saw it) names the
     * request, the status and whatever reason came with it, under the status's own error code.
     */
    static EngineException error(String route, String target, UnixHttp.Response r) {
        EngineException e = error(r);
        if (e != null) return e;
        String reason = reason(r.text());
        ErrorCode code =
                switch (r.status()) {
                    case 400 -> ErrorCode.INVALID;
                    case 401 -> ErrorCode.UNAUTHORIZED;
                    case 403 -> ErrorCode.FORBIDDEN;
                    case 404 -> ErrorCode.NOT_FOUND;
                    case 409 -> ErrorCode.CONFLICT;
                    case 413 -> ErrorCode.TOO_LARGE;
                    case 429 -> ErrorCode.TOO_MANY;
                    case 503 -> ErrorCode.BUSY;
                    default -> ErrorCode.INTERNAL;
                };
        return new EngineException(
                code,
                "the daemon refused " + route + " (request " + printable(target) + ") with HTTP " + r.status()
                        + (reason.isEmpty() ? "" : ": " + reason)
                        + (r.status() == 400
                                ? "; check the values in the request for characters a URL cannot carry"
                                : ""));
    }

    /** The first line of a non-JSON (or foreign JSON) body, cut short and without control characters. */
    private static String reason(String body) {
        if (body == null) return "";
        String line = body.strip().lines().findFirst().orElse("");
        line = line.replaceAll("<[^>]*>", " ").replaceAll("\\p{Cntrl}", " ").strip();
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }

    private static String printable(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** The daemon's {@code {"error":{"code","message"}}} as the exception the in-process engine throws, else null. */
    static EngineException error(UnixHttp.Response r) {
        try {
            if (PlainJson.read(r.text()) instanceof Map<?, ?> body
                    && body.get("error") instanceof Map<?, ?> e
                    && e.get("code") instanceof String code
                    && e.get("message") instanceof String message) {
                return new EngineException(ErrorCode.fromWire(code), message);
            }
        } catch (IllegalArgumentException ignored) {
            // not our error shape: the caller reports the status
        }
        return null;
    }

    Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer " + token);
        return h;
    }

    UnixHttp http() {
        return http;
    }

    @Override
    public Subscription subscribe(EventFilter filter, Consumer<Event> sink) {
        return EventStream.start(this, filter, sink);
    }

    @Override
    public String describe() {
        return info == null
                ? "daemon (socket " + http.socket() + ")"
                : info.describeKind() + " pid " + info.pid() + " (socket " + info.socket() + ")";
    }

    @Override
    public void close() {
        http.close();
    }
}
