package dev.dispatch.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection to one MCP server as a client: the handshake (asking for {@link McpVersions#LATEST},
 * accepting an older revision the server answers with if Dispatch speaks it), {@code tools/list} with
 * paging, and {@code tools/call}. Every wait has a deadline: a server that does not answer in time gets
 * a {@code notifications/cancelled} and the caller a {@link Failure}. Requests from the server are
 * answered ({@code ping}) or refused (sampling, roots: Dispatch offers no client capabilities);
 * notifications are ignored. Once the transport ends, every waiting call fails with the reason.
 */
public final class McpClient implements AutoCloseable {
    /** One tool as the server describes it. */
    public record ToolInfo(String name, String description, JsonNode inputSchema) {}

    /** A failure talking to the server; the message says what happened, for the model and for people. */
    public static final class Failure extends Exception {
        public Failure(String message) {
            super(message);
        }
    }

    private final ClientTransport transport;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile String endedBecause;
    private volatile String protocolVersion;
    private volatile String serverName = "";

    private McpClient(ClientTransport transport) {
        this.transport = transport;
    }

    /** Starts the transport and completes the handshake within {@code timeout}, or fails and closes it. */
    public static McpClient connect(ClientTransport transport, String clientVersion, Duration timeout)
            throws Failure, InterruptedException {
        McpClient c = new McpClient(transport);
        try {
            transport.start(c::receive, c::ended);
            ObjectNode params = JsonNodeFactory.instance.objectNode();
            params.put("protocolVersion", McpVersions.LATEST);
            params.putObject("capabilities");
            ObjectNode info = params.putObject("clientInfo");
            info.put("name", "dispatch");
            info.put("version", clientVersion);
            JsonNode result = c.request("initialize", params, timeout);
            String version = result.path("protocolVersion").asText("");
            if (!McpVersions.supported(version)) {
                throw new Failure("the server speaks MCP '" + version + "', Dispatch speaks " + McpVersions.SUPPORTED);
            }
            c.protocolVersion = version;
            c.serverName = result.path("serverInfo").path("name").asText("");
            transport.negotiated(version);
            c.notify("notifications/initialized", null);
            return c;
        } catch (IOException e) {
            transport.close();
            throw new Failure(e.getMessage());
        } catch (Failure | InterruptedException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    public String serverName() {
        return serverName;
    }

    /** Whether the connection is still open. */
    public boolean alive() {
        return endedBecause == null;
    }

    /** Why the connection ended, or null while it is open. */
    public String endedBecause() {
        return endedBecause;
    }

    /** Every tool the server offers (following {@code nextCursor}). */
    public List<ToolInfo> listTools(Duration timeout) throws Failure, InterruptedException {
        List<ToolInfo> out = new ArrayList<>();
        String cursor = null;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int page = 0; page < 100; page++) {
            ObjectNode params = JsonNodeFactory.instance.objectNode();
            if (cursor != null) params.put("cursor", cursor);
            JsonNode result =
                    request("tools/list", params, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            for (JsonNode t : result.path("tools")) {
                String name = t.path("name").asText("");
                if (name.isEmpty()) continue;
                JsonNode schema = t.get("inputSchema");
                out.add(new ToolInfo(name, t.path("description").asText(""), schema));
            }
            JsonNode next = result.get("nextCursor");
            if (next == null || !next.isTextual() || next.asText().isEmpty()) break;
            cursor = next.asText();
        }
        return out;
    }

    /** Calls {@code tool}; the result object ({@code content}, {@code isError}, maybe {@code structuredContent}). */
    public JsonNode callTool(String tool, JsonNode arguments, Duration timeout) throws Failure, InterruptedException {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("name", tool);
        params.set(
                "arguments",
                arguments == null || arguments.isNull() ? JsonNodeFactory.instance.objectNode() : arguments);
        return request("tools/call", params, timeout);
    }

    /** Sends a request and waits for its answer until {@code timeout}. */
    JsonNode request(String method, JsonNode params, Duration timeout) throws Failure, InterruptedException {
        String why = endedBecause;
        if (why != null) throw new Failure("the connection to the server ended: " + why);
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            transport.send(JsonRpc.write(new JsonRpc.Request(LongNode.valueOf(id), method, params)));
            return answer.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new Failure("cannot send " + method + ": " + e.getMessage()
                    + (endedBecause == null ? "" : " (" + endedBecause + ")"));
        } catch (TimeoutException e) {
            cancel(id, "timed out");
            throw new Failure("no answer to " + method + " within " + human(timeout));
        } catch (InterruptedException e) {
            cancel(id, "the caller stopped");
            throw e;
        } catch (ExecutionException e) {
            throw new Failure(e.getCause().getMessage());
        } finally {
            pending.remove(id);
        }
    }

    private void cancel(long id, String reason) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("requestId", id);
        p.put("reason", reason);
        try {
            notify("notifications/cancelled", p);
        } catch (IOException ignored) {
            // the server is gone; nothing to cancel
        }
    }

    private void notify(String method, JsonNode params) throws IOException {
        transport.send(JsonRpc.write(new JsonRpc.Notification(method, params)));
    }

    private void receive(JsonNode node) {
        JsonRpc.Message m;
        try {
            m = JsonRpc.read(node);
        } catch (JsonRpc.Failure bad) {
            return; // nothing sensible to answer a malformed message from a server with
        }
        switch (m) {
            case JsonRpc.Response r -> complete(r.id(), r.result(), null);
            case JsonRpc.ErrorReply e ->
                complete(e.id(), null, "the server answered with error " + e.code() + ": " + e.message());
            case JsonRpc.Request r -> answer(r);
            case JsonRpc.Notification n -> {
                // progress, logging, list_changed: nothing Dispatch needs
            }
        }
    }

    private void complete(JsonNode id, JsonNode result, String error) {
        if (id == null || !id.canConvertToLong()) return;
        CompletableFuture<JsonNode> f = pending.get(id.asLong());
        if (f == null) return;
        if (error != null) f.completeExceptionally(new Failure(error));
        else f.complete(result == null ? JsonNodeFactory.instance.objectNode() : result);
    }

    private void answer(JsonRpc.Request r) {
        JsonRpc.Message reply = "ping".equals(r.method())
                ? new JsonRpc.Response(r.id(), JsonNodeFactory.instance.objectNode())
                : new JsonRpc.ErrorReply(
                        r.id(), JsonRpc.METHOD_NOT_FOUND, "Dispatch's client does not offer " + r.method(), null);
        try {
            transport.send(JsonRpc.write(reply));
        } catch (IOException ignored) {
            // the server is gone
        }
    }

    private void ended(String why) {
        if (endedBecause == null) endedBecause = why;
        for (CompletableFuture<JsonNode> f : pending.values())
            f.completeExceptionally(new Failure("the connection to the server ended: " + why));
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void close() {
        transport.close();
        ended("the connection was closed");
    }
}
