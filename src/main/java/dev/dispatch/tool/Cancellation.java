package dev.dispatch.tool;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A one-way cancel signal for a tool call (the user pressed stop, the agent was cancelled). Tools
 * that wait register an action ({@code run_shell} kills its process tree); an action registered
 * after cancellation runs at once, so there is no window where a cancel is missed.
 */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final CopyOnWriteArrayList<Runnable> actions = new CopyOnWriteArrayList<>();

    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            // remove-then-run: an action registered concurrently runs exactly once, here or in onCancel
            for (Runnable action : actions) {
                if (actions.remove(action)) action.run();
            }
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Runs {@code action} on cancel (now, if already cancelled); closing the handle unregisters it. */
    public Registration onCancel(Runnable action) {
        actions.add(action);
        if (cancelled.get() && actions.remove(action)) action.run();
        return () -> actions.remove(action);
    }

    /** A registered cancel action; closing it (normally in try-with-resources) unregisters it. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
