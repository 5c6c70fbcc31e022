package dev.dispatch.mcp;

/**
 * One MCP tool: its name (after the CLI command it mirrors: {@code task_next} is {@code dispatch task
 * next}), a description written for a model, its input schema and what it does. The handler returns
 * the op's answer record; the session turns it into JSON text plus {@code structuredContent}.
 */
record Tool(String name, String title, String description, Schema schema, boolean readOnly, Handler handler) {
    @FunctionalInterface
    interface Handler {
        Object run(ToolArgs args, ToolContext ctx);
    }
}
