package dev.dispatch.protocol;

/** What an in-process agent is doing now; the TUI's tree shows one icon per value. */
public enum AgentStatus {
    RUNNING,
    WAITING_USER,
    WAITING_CHILDREN,
    WAITING_KEY,
    IDLE,
    DONE,
    ERROR,
    CANCELLED
}
