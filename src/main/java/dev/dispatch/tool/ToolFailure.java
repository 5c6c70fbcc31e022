package dev.dispatch.tool;

/**
 * A failure the model can act on (bad path, no match, permission denied). Thrown inside a tool and
 * turned into an error {@link ToolResult} by {@link ToolRegistry#call}; the message is what the
 * model reads, so it names the bad value and the fix.
 */
public class ToolFailure extends RuntimeException {
    public ToolFailure(String message) {
        super(message);
    }
}
