package dev.dispatch.protocol;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A one-way cancel signal for work done on an agent's behalf (the user pressed stop, the agent was
 * cancelled): a model call closes its connection and wakes its sleeps, {@code run_shell} kills its
 * process tree. An action registered after cancellation runs at once, so no cancel is ever missed.
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
