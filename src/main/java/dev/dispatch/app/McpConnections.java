package dev.dispatch.app;

import dev.dispatch.config.McpServerConfig;
import dev.dispatch.mcp.ClientTransport;
import dev.dispatch.mcp.HttpClientTransport;
import dev.dispatch.mcp.McpClient;
import dev.dispatch.mcp.StdioClientTransport;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's live connections to MCP servers, one per (project, server name): started on first use,
 * started again on the next use after a crash, a timeout or a change of the server's config, and all
 * closed (child processes killed) when the engine closes. A failed start is remembered with its reason
 * for {@code dispatch mcp list}.
 */
final class McpConnections implements AutoCloseable {
    /** One server's slot: the live client, or why the last start failed. */
    static final class Slot {
        final McpServerConfig config;
        volatile McpClient client;
        volatile List<McpClient.ToolInfo> tools = List.of();
        volatile String failure;
        volatile long pid = -1;

        Slot(McpServerConfig config) {
            this.config = config;
        }
    }

    private final String clientVersion;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    McpConnections(String clientVersion) {
        this.clientVersion = clientVersion;
    }

    /** The slot of {@code server} in {@code root} as it was last seen, or null before any start. */
    Slot peek(Path root, McpServerConfig server) {
        Slot s = slots.get(key(root, server));
        return s != null && s.config.equals(server) ? s : null;
    }

    /**
     * The connected slot of {@code server}, starting it (again) when it is not running or its config
     * changed; throws with the reason when it cannot be started within its timeout.
     */
    Slot connected(Path root, McpServerConfig server) throws McpClient.Failure, InterruptedException {
        if (closed) throw new McpClient.Failure("the engine is closing");
        String key = key(root, server);
        Slot slot =
                slots.compute(key, (k, old) -> old != null && old.config.equals(server) ? old : replace(old, server));
        synchronized (slot) {
            McpClient c = slot.client;
            if (c != null && c.alive()) return slot;
            if (c != null) c.close();
            slot.client = null;
            ClientTransport t = transport(root, server);
            try {
                // the handshake and the tool list share one deadline: a start never takes longer than the timeout
                long deadline = System.nanoTime() + server.timeout().toNanos();
                McpClient fresh = McpClient.connect(t, clientVersion, server.timeout());
                try {
                    slot.tools = fresh.listTools(
                            java.time.Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
                } catch (McpClient.Failure | InterruptedException e) {
                    fresh.close();
                    throw e;
                }
                slot.client = fresh;
                slot.failure = null;
                slot.pid = t instanceof StdioClientTransport s ? s.pid() : -1;
                if (closed) fresh.close();
                return slot;
            } catch (McpClient.Failure e) {
                t.close();
                String why = e.getMessage()
                        + (t instanceof StdioClientTransport s
                                        && !s.stderrTail().isEmpty()
                                ? " (its stderr: " + s.stderrTail() + ")"
                                : "");
                slot.failure = why;
                throw new McpClient.Failure("MCP server '" + server.name() + "' did not start: " + why);
            } catch (InterruptedException e) {
                t.close();
                throw e;
            }
        }
    }

    /** Stops the server's connection (after a timeout), so the next use starts it afresh. */
    void stop(Path root, McpServerConfig server, String why) {
        Slot s = slots.get(key(root, server));
        if (s == null) return;
        McpClient c = s.client;
        s.client = null;
        s.failure = why;
        if (c != null) c.close();
    }

    private static Slot replace(Slot old, McpServerConfig server) {
        if (old != null && old.client != null) old.client.close();
        return new Slot(server);
    }

    private static ClientTransport transport(Path root, McpServerConfig server) {
        if (server.isStdio()) return new StdioClientTransport(server.commandLine(), server.env(), root);
        return new HttpClientTransport(URI.create(server.url()), server.headers(), server.timeout());
    }

    private static String key(Path root, McpServerConfig server) {
        return root + "\0" + server.name();
    }

    @Override
    public void close() {
        closed = true;
        for (Slot s : slots.values()) {
            McpClient c = s.client;
            s.client = null;
            if (c != null) c.close();
        }
    }
}
