package dev.dispatch.tui;

import dev.dispatch.protocol.WorkbenchOps.WorkbenchInfo;

/**
 * What the header knows about the engine: where it runs and the {@link WorkbenchInfo} answer. Until
 * the engine answers, and if it cannot, fields read "unknown": the header never blocks or fails.
 */
final class HeaderInfo {
    static final String UNKNOWN = "unknown";
    String engineWhere = "connecting…";
    WorkbenchInfo info;
    String cwdName = "";
    /** What the face that opened the workbench says to do when no model is configured (empty: nothing). */
    java.util.List<String> setup = java.util.List.of();

    String space() {
        return info != null && info.space() != null ? info.space() : cwdName.isEmpty() ? UNKNOWN : cwdName;
    }

    String provider() {
        return info != null && info.provider() != null ? info.provider() : info == null ? UNKNOWN : "none";
    }

    String model() {
        return info != null && info.model() != null ? info.model() : info == null ? UNKNOWN : "none";
    }

    String sandbox() {
        return info != null && info.sandbox() != null ? info.sandbox() : UNKNOWN;
    }

    String keys() {
        return info != null && info.keys() != null ? info.keys() : UNKNOWN;
    }

    /** True when the engine said plainly that no provider is configured. */
    boolean noProvider() {
        return info != null && info.provider() == null;
    }
}
