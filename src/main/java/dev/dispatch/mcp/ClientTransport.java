package dev.dispatch.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * How an {@link McpClient} reaches one MCP server: a child process's stdio ({@link StdioClientTransport})
 * or Streamable HTTP ({@link HttpClientTransport}). The transport delivers every message the server sends
 * to the inbound sink and reports once, with a reason a person can act on, when the connection ends.
 */
public interface ClientTransport extends AutoCloseable {
    /** Opens the connection; messages and the end are reported to the sinks from then on. */
    void start(Consumer<JsonNode> inbound, Consumer<String> ended) throws IOException;

    /** Sends one message; an HTTP transport may deliver its answer before returning. */
    void send(JsonNode message) throws IOException;

    /** Tells the transport the negotiated protocol version (HTTP sends it as a header). */
    default void negotiated(String protocolVersion) {}

    /** Ends the connection and everything it started (a child process and its children). */
    @Override
    void close();
}
