package dev.dispatch.daemon;

import dev.dispatch.protocol.DaemonOps;

/** What the API can ask of the daemon itself ({@link DaemonOps}): its status, and a graceful stop. */
interface Control {
    DaemonOps.DaemonStatusResult status();

    /** Starts a graceful stop after the current response is sent; returns at once. */
    void requestStop();

    /** Why the daemon is degraded (its store cannot write, e.g. a full disk), or {@code null} when it is not. */
    default String degraded() {
        return null;
    }
}
