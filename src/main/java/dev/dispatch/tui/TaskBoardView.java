package dev.dispatch.tui;

import dev.dispatch.protocol.WorkbenchOps.TaskBoard;

/**
 * The tasks panel's data: the last board the engine sent, or why there is none. It is asked again when
 * a committed change that shows on it arrives ({@link #stale}), never on a timer.
 */
final class TaskBoardView {
    TaskBoard board;
    String unavailable = "loading…";
    /** A change that shows on the board committed since it was last asked for. */
    boolean stale;

    void set(TaskBoard b) {
        board = b;
        unavailable = null;
    }

    void fail(String why) {
        board = null;
        unavailable = why;
    }
}
