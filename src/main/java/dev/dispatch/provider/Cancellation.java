package dev.dispatch.provider;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A one-way switch the caller flips to abandon a model call from another thread. Listeners let the
 * call close its connection and wake its sleeps at once instead of polling.
 */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** Flips the switch; listeners run once, on this thread. Further calls do nothing. */
    public void cancel() {
        if (!cancelled.compareAndSet(false, true)) return;
        // Whoever removes a listener runs it: here, or onCancel() when it registered concurrently.
        for (Runnable listener : listeners) {
            if (listeners.remove(listener)) listener.run();
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /**
     * Runs {@code listener} on cancellation, or right away when already cancelled.
     *
     * @return closing it removes the listener (when the guarded work ended first)
     */
    public Registration onCancel(Runnable listener) {
        listeners.add(listener);
        if (cancelled.get() && listeners.remove(listener)) listener.run();
        return () -> listeners.remove(listener);
    }

    /** Handle of a cancellation listener. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
