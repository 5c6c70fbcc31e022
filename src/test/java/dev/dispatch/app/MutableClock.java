package dev.dispatch.app;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move by hand, so budget periods and cool-downs pass without real waiting. */
final class MutableClock implements InstantSource {
    private final AtomicReference<Instant> now;
    private final AtomicReference<Instant> pending = new AtomicReference<>();

    MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    void set(Instant t) {
        now.set(t);
    }

    /** Moves the clock when a waiting agent next pauses, i.e. between two of its looks, never mid-look. */
    void setAtNextPause(Instant t) {
        pending.set(t);
    }

    /** Called by the fixture's pause. */
    void paused() {
        Instant t = pending.getAndSet(null);
        if (t != null) now.set(t);
    }
}
