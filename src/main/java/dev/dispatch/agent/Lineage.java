package dev.dispatch.agent;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An agent's place in its tree: its parent (null for a root), depth (a root is 0), its children in
 * the order they were started, and, for a child, the future its final outcome completes, which the
 * parent collects with {@code wait_agents} (or receives as a message when it never waits).
 */
final class Lineage {
    final RunningAgent parent;
    final int depth;
    final Placement placement;
    final List<RunningAgent> children = new CopyOnWriteArrayList<>();
    final CompletableFuture<AgentLoop.Outcome> result = new CompletableFuture<>();
    /** Set once the parent has seen the result (wait_agents); else it is delivered as a message. */
    volatile boolean collected;

    Lineage(RunningAgent parent, Placement placement) {
        this.parent = parent;
        this.depth = parent == null ? 0 : parent.lineage().depth + 1;
        this.placement = placement;
    }

    RunningAgent root(RunningAgent self) {
        RunningAgent a = self;
        while (a.lineage().parent != null) a = a.lineage().parent;
        return a;
    }

    /** Whether this agent or an ancestor is detached: its workers are leaves that may not detach again. */
    boolean underDetached(RunningAgent self) {
        for (RunningAgent a = self; a != null; a = a.lineage().parent)
            if (a.lineage().placement.detached()) return true;
        return false;
    }
}
