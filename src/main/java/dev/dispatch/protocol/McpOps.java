package dev.dispatch.protocol;

import java.util.List;

/**
 * Ops on the MCP servers whose tools Dispatch's agents get ({@code mcp_servers:} in dispatch.yaml): list
 * them with where they are declared, whether they may start, their status and tools; and approve a server
 * a project declares. The daemon serves them as {@code GET /v1/mcp/servers} and
 * {@code POST /v1/mcp/servers/{name}/trust}; {@code cwd} picks the project.
 */
public final class McpOps {
    private McpOps() {}

    /** Every configured server for the project at {@code cwd}; trusted, enabled ones are started to list tools. */
    public record ListMcpServers(String cwd) implements Op<McpServersResult> {}

    public record McpServersResult(List<McpServerRow> servers) {}

    /**
     * @param transport stdio or http
     * @param target the command line (stdio) or URL (http) exactly as approved
     * @param declaredIn user or project
     * @param origin the config file and line that declares it
     * @param status running, failed, untrusted or disabled
     * @param detail why it failed or what to do; empty when running
     */
    public record McpServerRow(
            String name,
            String transport,
            String target,
            String declaredIn,
            String origin,
            boolean trusted,
            String status,
            String detail,
            List<McpToolRow> tools) {}

    /** @param name what agents call it ({@code server__tool}); {@code tool} is the server's own name */
    public record McpToolRow(String name, String tool, String description) {}

    /** Approves server {@code name} of the project at {@code cwd} as it is declared now. */
    public record TrustMcpServer(String cwd, String name) implements Op<Ack> {}
}
