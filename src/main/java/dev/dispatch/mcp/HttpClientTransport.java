package dev.dispatch.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The client side of Streamable HTTP: each message is a POST to the endpoint; the answer comes back as
 * one JSON body or as an SSE stream of messages (both are read). Keeps the {@code Mcp-Session-Id} the
 * server hands out and sends it, with the negotiated {@code MCP-Protocol-Version}, on every later POST;
 * closing DELETEs the session. An HTTP failure of a request becomes that request's error answer.
 */
public final class HttpClientTransport implements ClientTransport {
    private final URI url;
    private final Map<String, String> headers;
    private final Duration connectTimeout;
    private HttpClient http;
    private volatile Consumer<JsonNode> inbound;
    private volatile Consumer<String> ended;
    private volatile String sessionId;
    private volatile String version;
    private volatile boolean closed;

    public HttpClientTransport(URI url, Map<String, String> headers, Duration connectTimeout) {
        this.url = url;
        this.headers = Map.copyOf(headers);
        this.connectTimeout = connectTimeout;
    }

    @Override
    public void start(Consumer<JsonNode> inbound, Consumer<String> ended) {
        this.inbound = inbound;
        this.ended = ended;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    @Override
    public void negotiated(String protocolVersion) {
        this.version = protocolVersion;
    }

    @Override
    public void send(JsonNode message) throws IOException {
        if (closed) throw new IOException("the connection was closed");
        HttpRequest.Builder b = base().header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JsonRpc.bytes(message)));
        JsonNode id = message.get("method") != null ? message.get("id") : null;
        http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream()).whenComplete((response, failure) -> {
            if (failure != null) {
                fail(id, "cannot reach " + url + ": " + describe(failure));
                return;
            }
            try {
                receive(response, id);
            } catch (IOException | RuntimeException e) {
                fail(id, "broken answer from " + url + ": " + describe(e));
            }
        });
    }

    private HttpRequest.Builder base() {
        HttpRequest.Builder b = HttpRequest.newBuilder(url);
        headers.forEach(b::header);
        String s = sessionId;
        if (s != null) b.header("Mcp-Session-Id", s);
        String v = version;
        if (v != null) b.header("MCP-Protocol-Version", v);
        return b;
    }

    private void receive(HttpResponse<InputStream> response, JsonNode id) throws IOException {
        response.headers().firstValue("Mcp-Session-Id").ifPresent(s -> sessionId = s);
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            if (status == 202 || status == 204) return;
            if (status / 100 != 2) {
                String text = new String(body.readNBytes(500), StandardCharsets.UTF_8).strip();
                if (status == 404 && sessionId != null) {
                    Consumer<String> e = ended;
                    if (e != null) e.accept("the server ended the session (HTTP 404)");
                }
                fail(id, "HTTP " + status + " from " + url + (text.isEmpty() ? "" : ": " + text));
                return;
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("text/event-stream")) events(body);
            else deliver(JsonRpc.tree(body.readAllBytes()));
        }
    }

    /** Reads SSE events until the stream ends; each {@code data:} block is one message. */
    private void events(InputStream body) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) deliver(JsonRpc.tree(data.toString().getBytes(StandardCharsets.UTF_8)));
                data.setLength(0);
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) data.append('\n');
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            }
        }
        if (!data.isEmpty()) deliver(JsonRpc.tree(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private void deliver(JsonNode node) {
        Consumer<JsonNode> in = inbound;
        if (in == null) return;
        if (node.isArray()) node.forEach(in);
        else in.accept(node);
    }

    private void fail(JsonNode id, String why) {
        if (id == null) return;
        deliver(JsonRpc.write(new JsonRpc.ErrorReply(id, JsonRpc.INTERNAL_ERROR, why, null)));
    }

    private static String describe(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        String m = c.getMessage();
        return m == null ? c.getClass().getSimpleName() : m;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        String s = sessionId;
        if (s != null && http != null) {
            try {
                http.send(
                        base().timeout(Duration.ofSeconds(2)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                // the server is gone already
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (http != null) http.close();
        Consumer<String> e = ended;
        if (e != null) e.accept("the connection was closed");
    }
}
