package dev.dispatch.tui;

import dev.dispatch.protocol.PermissionAnswer;

/** One answered permission prompt, as the permission log panel lists it; {@code by} is who answered. */
record PermissionLogLine(
        String requestId, String agent, String tool, String target, PermissionAnswer decision, String by) {}
