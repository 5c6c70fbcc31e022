package dev.dispatch.shell;

/** Which output stream of a command a chunk came from. */
public enum Channel {
    STDOUT,
    STDERR
}
