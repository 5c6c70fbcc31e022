package dev.dispatch.tool;

import java.util.List;

/** The coordination tools every in-process agent gets: tasks, locks, messages and knowledge (issue 20). */
public final class CoordTools {
    private CoordTools() {}

    /** claim_task, complete_task, fail_task, lock, unlock, send_message, read_inbox, kb_read, kb_write, kb_search. */
    public static List<Tool<?>> over(CoordPort port) {
        return CoordCalls.all(port);
    }
}
