package dev.dispatch.fleet;

import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The MCP config an external CLI gets so it can claim, lock and message through Dispatch's MCP server
 * ({@code dispatch mcp serve}). It holds no token: the server is started by the CLI, inherits the
 * session's {@code DISPATCH_AGENT_TOKEN}, {@code DISPATCH_URL} and {@code DISPATCH_SPACE}, and so acts
 * as this agent. Kept apart so the server's command line is written in one place.
 */
final class McpConfig {
    static final String FILE = "mcp.json";

    private McpConfig() {}

    /** The config's text: one stdio server named {@code dispatch}. */
    static String text() {
        return """
                {
                  "mcpServers": {
                    "dispatch": {
                      "type": "stdio",
                      "command": "dispatch",
                      "args": ["mcp", "serve"]
                    }
                  }
                }
                """;
    }

    /** Writes the config (mode 0600) into the agent's runtime directory {@code dir}; returns its path. */
    static Path write(Path dir) {
        Path f = dir.resolve(FILE);
        try {
            Files.writeString(f, text());
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            return f;
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.INTERNAL, "cannot write the MCP config " + f + ": " + e.getMessage(), e);
        }
    }
}
