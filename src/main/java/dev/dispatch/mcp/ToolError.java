package dev.dispatch.mcp;

/**
 * A tool call that cannot run as asked (a bad argument, acting as another agent): answered as a tool
 * result with {@code isError: true} whose text names the bad value and the fix, so the model can retry.
 */
final class ToolError extends RuntimeException {
    ToolError(String message) {
        super(message);
    }
}
