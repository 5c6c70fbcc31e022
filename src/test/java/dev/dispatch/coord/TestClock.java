package dev.dispatch.coord;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock tests move by hand, so expiry is tested without sleeping. */
final class TestClock implements InstantSource {
    private volatile Instant now = Instant.parse("2026-11-21T12:00:00Z");

    @Override
    public Instant instant() {
        return now;
    }

    void advance(Duration d) {
        now = now.plus(d);
    }
}
