package dev.dispatch.cli;

import picocli.CommandLine.Command;

/** {@code dispatch mcp serve|install}: Dispatch as an MCP server for Claude Code, Codex, Cursor and other clients. */
@Command(
        name = "mcp",
        mixinStandardHelpOptions = true,
        description = {
            "Dispatch as an MCP server: the coordination commands as MCP tools (task_next, lock_acquire, …).",
            "Over stdio ('mcp serve') or Streamable HTTP at /mcp on the daemon; 'mcp install' sets a client up.",
            "See docs/mcp.md."
        })
public final class McpCommand extends GroupCommand {}
