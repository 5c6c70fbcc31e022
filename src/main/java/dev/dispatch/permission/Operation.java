package dev.dispatch.permission;

/**
 * What a tool wants to do with the paths it names: read them, write them, run a command in them, or call
 * a tool of an MCP server (its {@code command} is the tool's name, {@code server__tool}).
 */
public enum Operation {
    READ,
    WRITE,
    EXECUTE,
    MCP
}
