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
    final Transcript transcript = new Transcript();

    AgentView(String id) {
        this.id = id;
        this.name = id;
    }

    boolean finished() {
        return status == AgentStatus.DONE || status == AgentStatus.ERROR || status == AgentStatus.CANCELLED;
    }

    String label() {
        return name == null || name.isBlank() ? id : name;
    }
}
