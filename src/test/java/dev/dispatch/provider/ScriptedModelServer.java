package dev.dispatch.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dispatch.protocol.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A model server for tests that speaks both real wire formats over loopback: {@code /v1/messages}
 * (Anthropic) and {@code /v1/chat/completions} (OpenAI-compatible). Replies come from a FIFO queue
 * of {@link ScriptedReply}s, rendered in the format of whichever endpoint was hit; every request is
 * recorded. An empty queue answers 500 with an explanation, so a test that forgot a reply fails
 * clearly. Replies scripted {@link #forConversation for a conversation} go only to requests whose
 * first user message contains its marker (a child agent's task), so agents running in parallel each
 * get their own script; {@link #timings()} tells when each request arrived and its reply ended.
 *
 * <pre>{@code
 * try (var server = ScriptedModelServer.start()) {
 *     server.replyToolCalls(call("read_file", "{\"path\":\"a.txt\"}")).replyText("done");
 *     Provider p = Providers.create(server.anthropicSettings(), ...);
 *     ...
 *     assertThat(server.requests().get(1).json().toString()).contains("tool_result");
 * }
 * }</pre>
 */
public final class ScriptedModelServer implements AutoCloseable {
    /** A key configured in the settings helpers; tests assert it never leaks. */
    public static final String CANARY_KEY = "sk-canary-3f9a1c77e2d54b08";

    /** Which endpoint a queued reply is meant for; ANY replies are rendered for whichever is hit. */
    enum Wire {
        ANY,
        ANTHROPIC,
        OPENAI
    }

    private record Queued(Wire wire, ScriptedReply reply) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Deque<Queued> replies = new ArrayDeque<>();
    private final Map<String, Deque<Queued>> routed = new LinkedHashMap<>();
    private final List<Timing> timings = new CopyOnWriteArrayList<>();

    /** When one request arrived and its reply was fully sent (nanoTime), and which conversation it was. */
    public record Timing(String marker, long arrived, long ended) {}

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Semaphore disconnects = new Semaphore(0);

    private ScriptedModelServer(HttpServer server) {
        this.server = server;
    }

    public static ScriptedModelServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ScriptedModelServer scripted = new ScriptedModelServer(http);
            http.setExecutor(scripted.executor);
            http.createContext("/", scripted::handle);
            http.start();
            return scripted;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the scripted model server", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the Anthropic base URL. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** {@code http://127.0.0.1:PORT/v1}: the OpenAI-compatible base URL. */
    public URI openAiBaseUrl() {
        return URI.create(baseUrl() + "/v1");
    }

    /** Settings for an Anthropic provider here: {@link #CANARY_KEY}, short timeouts, quick retries. */
    public ProviderSettings anthropicSettings() {
        return testSettings("anthropic", ProviderType.ANTHROPIC, baseUrl(), "claude-scripted");
    }

    /** Settings for an OpenAI-compatible provider here, like {@link #anthropicSettings()}. */
    public ProviderSettings openAiSettings() {
        return testSettings("openai", ProviderType.OPENAI, openAiBaseUrl(), "gpt-scripted");
    }

    private static ProviderSettings testSettings(String name, ProviderType type, URI url, String model) {
        return ProviderSettings.of(name, type, model, 1024)
                .withBaseUrl(url)
                .withApiKey(ApiKey.of(name + "-test", CANARY_KEY))
                .withTimeouts(new ProviderSettings.Timeouts(
                        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30)))
                .withRetry(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(60)));
    }

    public static ScriptedReply.ToolCall call(String name, String argumentsJson) {
        return new ScriptedReply.ToolCall(
                "toolu_" + Integer.toHexString((name + argumentsJson).hashCode()), name, argumentsJson);
    }

    public static ScriptedReply.ToolCall call(String id, String name, String argumentsJson) {
        return new ScriptedReply.ToolCall(id, name, argumentsJson);
    }

    /** Queues a reply for the next request, whichever endpoint it hits. */
    public ScriptedModelServer reply(ScriptedReply reply) {
        return enqueue(Wire.ANY, reply);
    }

    public ScriptedModelServer replyText(String text) {
        return reply(ScriptedReply.text(text));
    }

    public ScriptedModelServer replyToolCalls(ScriptedReply.ToolCall... calls) {
        return reply(ScriptedReply.toolCalls(calls));
    }

    /** An error status with the usual error type for it and a body in the endpoint's shape. */
    public ScriptedModelServer replyStatus(int status, Map<String, String> headers) {
        return reply(ScriptedReply.status(status, defaultType(status), "scripted status " + status, headers));
    }

    /** Replies meant for the Anthropic endpoint only (a request elsewhere gets a 500 explaining it). */
    public Scripting anthropic() {
        return new Scripting(Wire.ANTHROPIC);
    }

    /** Replies meant for the OpenAI-compatible endpoint only. */
    public Scripting openai() {
        return new Scripting(Wire.OPENAI);
    }

    /**
     * Replies for the conversation whose first user message contains {@code marker}, in order; other
     * conversations never take them. A conversation with a marker and no reply left gets a 500.
     */
    public Scripting forConversation(String marker) {
        synchronized (this) {
            routed.computeIfAbsent(marker, m -> new ArrayDeque<>());
        }
        return new Scripting(Wire.ANY, marker);
    }

    /** Arrival and end of every answered request, in arrival order. */
    public List<Timing> timings() {
        return List.copyOf(timings);
    }

    /** The fluent view returned by {@link #anthropic()}, {@link #openai()} and {@link #forConversation}. */
    public final class Scripting {
        private final Wire wire;
        private final String marker;

        private Scripting(Wire wire) {
            this(wire, null);
        }

        private Scripting(Wire wire, String marker) {
            this.wire = wire;
            this.marker = marker;
        }

        public Scripting reply(ScriptedReply reply) {
            if (marker == null) enqueue(wire, reply);
            else enqueueFor(marker, new Queued(wire, reply));
            return this;
        }

        public Scripting replyText(String text) {
            return reply(ScriptedReply.text(text));
        }

        public Scripting replyToolCalls(ScriptedReply.ToolCall... calls) {
            return reply(ScriptedReply.toolCalls(calls));
        }

        public Scripting replyStatus(int status, Map<String, String> headers) {
            return reply(ScriptedReply.status(status, defaultType(status), "scripted status " + status, headers));
        }
    }

    /** Every request received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) throw new IllegalStateException("the scripted model server has received no request");
        return requests.get(requests.size() - 1);
    }

    /** Replies still queued (a finished scenario usually leaves none). */
    public synchronized int pendingReplies() {
        return replies.size();
    }

    /** Waits until a client went away in the middle of a streamed reply. */
    public boolean awaitDisconnect(Duration timeout) throws InterruptedException {
        return disconnects.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private synchronized ScriptedModelServer enqueue(Wire wire, ScriptedReply reply) {
        replies.addLast(new Queued(wire, reply));
        return this;
    }

    private synchronized Queued next() {
        return replies.pollFirst();
    }

    private synchronized void enqueueFor(String marker, Queued q) {
        routed.computeIfAbsent(marker, m -> new ArrayDeque<>()).addLast(q);
    }

    /** The marker of the conversation {@code json} belongs to (longest match wins), or null. */
    private synchronized String markerOf(JsonNode json) {
        String first = firstUserText(json);
        String best = null;
        for (String m : routed.keySet()) {
            if (first.contains(m) && (best == null || m.length() > best.length())) best = m;
        }
        return best;
    }

    private synchronized Queued next(String marker) {
        return marker == null ? replies.pollFirst() : routed.get(marker).pollFirst();
    }

    /** The text of the first user message, in either wire format. */
    static String firstUserText(JsonNode json) {
        if (json == null) return "";
        for (JsonNode m : json.path("messages")) {
            if (!"user".equals(m.path("role").asText())) continue;
            JsonNode c = m.path("content");
            if (c.isTextual()) return c.asText();
            StringBuilder sb = new StringBuilder();
            for (JsonNode b : c) sb.append(b.path("text").asText(""));
            return sb.toString();
        }
        return "";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            RecordedRequest recorded = record(exchange, path, body);
            requests.add(recorded);
            Wire wire =
                    switch (path) {
                        case "/v1/messages" -> Wire.ANTHROPIC;
                        case "/v1/chat/completions" -> Wire.OPENAI;
                        default -> null;
                    };
            if (wire == null) {
                send(exchange, 404, Map.of(), "{\"error\":{\"message\":\"no such endpoint: " + path + "\"}}");
                return;
            }
            WireScript script = wire == Wire.ANTHROPIC ? new AnthropicScript() : new OpenAiScript();
            long arrived = System.nanoTime();
            String marker = markerOf(recorded.json());
            Queued queued = next(marker);
            if (queued == null) {
                send(
                        exchange,
                        500,
                        Map.of(),
                        script.errorBody(
                                "api_error",
                                "scripted model server: no reply queued for request " + requests.size() + " to " + path
                                        + (marker == null ? "" : " in conversation '" + marker + "'")));
                return;
            }
            if (queued.wire() != Wire.ANY && queued.wire() != wire) {
                send(
                        exchange,
                        500,
                        Map.of(),
                        script.errorBody(
                                "api_error",
                                "scripted model server: the next reply is for " + queued.wire()
                                        + " but the request came to " + path));
                return;
            }
            respond(exchange, script, queued.reply());
            timings.add(new Timing(marker, arrived, System.nanoTime()));
        }
    }

    private void respond(HttpExchange exchange, WireScript script, ScriptedReply reply) throws IOException {
        pause(reply.headerDelay);
        if (reply.status != 200) {
            send(exchange, reply.status, reply.headers, script.errorBody(reply.errorType, reply.errorMessage));
            return;
        }
        exchange.getResponseHeaders().set("content-type", "text/event-stream");
        reply.headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(200, 0);
        List<String> events = reply.rawBody != null ? List.of(reply.rawBody) : script.events(reply);
        OutputStream out = exchange.getResponseBody();
        try {
            for (String event : events) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
                pause(reply.delay);
            }
        } catch (IOException e) {
            // The client closed the connection mid-stream (cancellation): that is what tests wait for.
            disconnects.release();
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static RecordedRequest record(HttpExchange exchange, String path, String body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (IOException e) {
            json = null;
        }
        return new RecordedRequest(exchange.getRequestMethod(), path, Map.copyOf(headers), body, json);
    }

    private static void pause(Duration duration) {
        if (duration.isZero()) return;
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String defaultType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
