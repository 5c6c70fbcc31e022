package dev.dispatch.tui;

import dev.dispatch.protocol.AgentStatus;

/**
 * One single-width symbol and colour per agent status, shared by the tree, the status bar and the
 * help overlay's legend (so the legend can never disagree with what the tree shows).
 */
final class StatusIcon {
    private StatusIcon() {}

    static String icon(AgentStatus s) {
        return switch (s) {
            case RUNNING -> "▶";
            case WAITING_USER -> "?";
            case WAITING_CHILDREN -> "◇";
            case WAITING_KEY -> "◷";
            case IDLE -> "○";
            case DONE -> "✓";
            case ERROR -> "✗";
            case CANCELLED -> "⊘";
        };
    }

    static Style style(AgentStatus s) {
        return switch (s) {
            case RUNNING -> Style.OK;
            case WAITING_USER, WAITING_KEY -> Style.WARN;
            case WAITING_CHILDREN, IDLE, DONE, CANCELLED -> Style.MUTED;
            case ERROR -> Style.ERROR;
        };
    }

    static String words(AgentStatus s) {
        return switch (s) {
            case RUNNING -> "running";
            case WAITING_USER -> "waiting for you";
            case WAITING_CHILDREN -> "waiting for children";
            case WAITING_KEY -> "waiting for a key";
            case IDLE -> "idle";
            case DONE -> "done";
            case ERROR -> "error";
            case CANCELLED -> "cancelled";
        };
    }
}
