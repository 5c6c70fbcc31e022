package dev.dispatch.tui;

import dev.dispatch.protocol.WorkbenchOps.TaskBoard;

/** The tasks panel's data: the last board the engine sent, or why there is none. */
final class TaskBoardView {
    TaskBoard board;
    String unavailable = "loading…";

    void set(TaskBoard b) {
        board = b;
        unavailable = null;
    }

    void fail(String why) {
        board = null;
        unavailable = why;
    }
}
