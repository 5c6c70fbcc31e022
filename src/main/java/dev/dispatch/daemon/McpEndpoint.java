package dev.dispatch.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.mcp.Identity;
import dev.dispatch.mcp.JsonRpc;
import dev.dispatch.mcp.McpServer;
import dev.dispatch.mcp.McpSession;
import dev.dispatch.mcp.McpVersions;
import dev.dispatch.protocol.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;

/**
 * MCP's Streamable HTTP transport at {@code /mcp}. {@link ApiHandler} has already checked Host and
 * Origin (DNS rebinding) and turned the bearer token into a {@link Caller} before a request gets here,
 * so nothing below runs for a refused request. POST carries JSON-RPC (answered as JSON, or as one SSE
 * event when the client accepts only that); an initialize starts a session named by {@code
 * Mcp-Session-Id}, bound to the caller that started it; DELETE ends one. GET (a server-to-client stream)
 * is 405: this server sends no requests or notifications of its own.
 */
final class McpEndpoint {
    static final String PATH = "/mcp";
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    /** Sessions held at once; an initialize beyond it first drops sessions idle longer than {@link #IDLE_NANOS}. */
    static final int MAX_SESSIONS = 4096;

    private static final long IDLE_NANOS = 30L * 60 * 1_000_000_000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final McpServer server;
    private final Engine engine;
    private final Guard guard;
    private final ServerConfig.Limits limits;
    private final Map<String, Held> sessions = new ConcurrentHashMap<>();

    /** A session, the caller it belongs to, and when it was last used. */
    private static final class Held {
        final String id;
        final McpSession session;
        final Caller caller;
        volatile long lastUsed = System.nanoTime();

        Held(String id, McpSession session, Caller caller) {
            this.id = id;
            this.session = session;
            this.caller = caller;
        }
    }

    McpEndpoint(McpServer server, Engine engine, Guard guard, ServerConfig.Limits limits) {
        this.server = server;
        this.engine = engine;
        this.guard = guard;
        this.limits = limits;
    }

    /** Sessions held now (for metrics and the 50-session benchmark). */
    int sessions() {
        return sessions.size();
    }

    void serve(Exchange x, Caller caller) throws IOException {
        switch (x.request.getMethod()) {
            case "POST" -> post(x, caller);
            case "DELETE" -> delete(x, caller);
            default -> {
                x.response.getHeaders().put(HttpHeader.ALLOW, "POST, DELETE");
                throw new ApiError(
                        405,
                        "method_not_allowed",
                        PATH + " accepts POST (JSON-RPC) and DELETE (end a session), not " + x.request.getMethod()
                                + "; this server opens no server-to-client stream");
            }
        }
    }

    private void post(Exchange x, Caller caller) throws IOException {
        try {
            guard.checkContentType(x.header(HttpHeader.CONTENT_TYPE));
        } catch (dev.dispatch.protocol.EngineException e) {
            throw new ApiError(415, "unsupported_media_type", e.getMessage());
        }
        String accept = x.header(HttpHeader.ACCEPT);
        boolean json = accepts(accept, "application/json");
        boolean sse = accepts(accept, "text/event-stream");
        if (!json && !sse) {
            throw new ApiError(
                    406,
                    "not_acceptable",
                    "Accept must include application/json or text/event-stream, got '" + accept + "'");
        }
        checkVersionHeader(x);
        byte[] body = x.body(limits.maxBodyBytes());
        JsonNode node;
        try {
            node = JsonRpc.tree(body);
        } catch (JsonRpc.Failure f) {
            rpcError(x, 400, f.code(), f.getMessage());
            return;
        }
        Held held;
        if (McpSession.isInitialize(node)) {
            held = open(caller);
            x.response.getHeaders().put(SESSION_HEADER, held.id);
        } else {
            held = existing(x, caller);
            if (held == null) return;
        }
        held.lastUsed = System.nanoTime();
        JsonNode reply = held.session.handle(node);
        if (reply == null) {
            x.empty(202);
        } else if (json) {
            x.json(200, reply);
        } else {
            x.startStream();
            x.write(("event: message\ndata: " + reply + "\n\n").getBytes(StandardCharsets.UTF_8));
            x.endStream();
        }
    }

    private void delete(Exchange x, Caller caller) throws IOException {
        Held held = existing(x, caller);
        if (held == null) return;
        sessions.remove(held.id);
        x.empty(204);
    }

    /** The session the request names, or null after answering why there is none. */
    private Held existing(Exchange x, Caller caller) throws IOException {
        String id = x.header(SESSION_HEADER);
        if (id == null || id.isBlank()) {
            rpcError(x, 400, JsonRpc.INVALID_REQUEST, SESSION_HEADER + " header is required: send initialize first");
            return null;
        }
        Held held = sessions.get(id.strip());
        if (held == null) {
            rpcError(
                    x,
                    404,
                    JsonRpc.INVALID_REQUEST,
                    "no MCP session '" + id.strip() + "' (it ended or expired): send initialize to start a new one");
            return null;
        }
        if (!held.caller.equals(caller)) {
            throw new ApiError(403, "forbidden", "MCP session '" + id.strip() + "' belongs to another token");
        }
        return held;
    }

    private Held open(Caller caller) {
        if (sessions.size() >= MAX_SESSIONS) {
            long now = System.nanoTime();
            sessions.values().removeIf(h -> now - h.lastUsed > IDLE_NANOS);
            if (sessions.size() >= MAX_SESSIONS) {
                throw new ApiError(
                        429,
                        "too_many_requests",
                        "the daemon holds " + MAX_SESSIONS + " MCP sessions; end unused ones with DELETE " + PATH);
            }
        }
        Identity identity =
                caller.isOperator() ? Identity.operator(null) : Identity.agent(caller.space(), caller.agent());
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        Held held = new Held(HexFormat.of().formatHex(raw), server.session(identity, engine::submit), caller);
        sessions.put(held.id, held);
        return held;
    }

    /** A version header, when sent, must name a revision this server speaks (the specification's 400). */
    private static void checkVersionHeader(Exchange x) {
        String v = x.header(VERSION_HEADER);
        if (v != null && !McpVersions.supported(v.strip())) {
            throw new ApiError(
                    400,
                    "invalid_argument",
                    VERSION_HEADER + " '" + v.strip() + "' is not supported; this server speaks "
                            + String.join(", ", McpVersions.SUPPORTED));
        }
    }

    private static boolean accepts(String accept, String type) {
        if (accept == null || accept.isBlank()) return type.equals("application/json");
        for (String part : accept.split(",")) {
            String t = part.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (t.equals(type) || t.equals("*/*") || (t.equals("application/*") && type.startsWith("application/")))
                return true;
        }
        return false;
    }

    private static void rpcError(Exchange x, int status, int code, String message) throws IOException {
        x.json(status, JsonRpc.write(new JsonRpc.ErrorReply(null, code, message, null)));
    }
}
