package dev.dispatch.tool;

/**
 * A piece of output a running tool streams before it finishes (today: run_shell's stdout and
 * stderr). The agent loop wraps it with the call id into an event for the faces.
 */
public record ToolOutput(Stream stream, String chunk) {
    /** Which stream a chunk came from. */
    public enum Stream {
        STDOUT,
        STDERR
    }
}
