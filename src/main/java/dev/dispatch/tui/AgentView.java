package dev.dispatch.tui;

import dev.dispatch.protocol.AgentStatus;

/** What the workbench knows about one agent: identity, status, usage, and its conversation. */
final class AgentView {
    final String id;
    String parentId;
    String name;
    String sessionId;
    String model;
    String provider;
    AgentStatus status = AgentStatus.RUNNING;
    String detail;
    long inputTokens;
    long outputTokens;
    double costUsd;
    /** Tokens the last model call carried (prompt and answer): the context meter's numerator. */
    long contextTokens;
    /** A detached agent has its own thread with the user; known from the agent list or its first question. */
    boolean detached;

    String template;
    int depth;
    /** What it may do without asking and the skills it loaded, from the agent list (empty until listed). */
    java.util.List<String> permissions = java.util.List.of();

    java.util.List<String> skills = java.util.List.of();
    final Transcript transcript = new Transcript();

    AgentView(String id) {
        this.id = id;
        this.name = id;
    }

    boolean finished() {
        return status == AgentStatus.DONE || status == AgentStatus.ERROR || status == AgentStatus.CANCELLED;
    }

    /** A detached agent that finished: its thread is read-only. */
    boolean readOnly() {
        return detached && finished();
    }

    /** A thread the user switches between: a root agent or a detached one. */
    boolean thread() {
        return parentId == null || detached;
    }

    String label() {
        return name == null || name.isBlank() ? id : name;
    }
}
