package dev.dispatch.mcp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dispatch as an MCP server, independent of transport and session handling: the tool catalog (the
 * whole coordination surface, named after the CLI commands) and the server's name and version. A
 * transport makes one {@link McpSession} per client connection (stdio: one per process; HTTP: one per
 * {@code Mcp-Session-Id}) with the identity that connection proved.
 */
public final class McpServer {
    private final String version;
    private final Map<String, Tool> tools;

    public McpServer(String version) {
        this.version = version;
        Map<String, Tool> byName = new LinkedHashMap<>();
        List<Tool> all = new ArrayList<>(AgentTaskTools.all());
        all.addAll(SharedTools.all());
        for (Tool t : all) {
            if (byName.put(t.name(), t) != null) throw new IllegalStateException("two tools named " + t.name());
        }
        this.tools = Collections.unmodifiableMap(byName);
    }

    /** A new session acting as {@code identity}, reaching the engine through {@code door}. */
    public McpSession session(Identity identity, EngineDoor door) {
        return new McpSession(this, identity, door);
    }

    public String version() {
        return version;
    }

    /** Tool names in catalog order (for docs and tests). */
    public List<String> toolNames() {
        return List.copyOf(tools.keySet());
    }

    Map<String, Tool> tools() {
        return tools;
    }
}
