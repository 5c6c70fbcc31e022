package dev.dispatch.daemon;

import java.time.Duration;

/**
 * How long a daemon lives: until stopped ({@code daemon start}, {@code daemon run}), or, auto-started by a
 * one-shot command that found no owner, until it has had nothing to do for {@code idleExit} (docs/owner.md).
 *
 * @param idleExit quiet time after which it leaves; {@code null} to run until stopped
 * @param autostarted whether a one-shot command started it, for {@code daemon status}
 */
public record Lifetime(Duration idleExit, boolean autostarted) {
    /** Runs until stopped. */
    public static final Lifetime UNTIL_STOPPED = new Lifetime(null, false);

    public Lifetime {
        if (idleExit != null && (idleExit.isNegative() || idleExit.isZero())) {
            throw new IllegalArgumentException("idle exit must be positive, got " + idleExit);
        }
    }

    /** Seconds of quiet before it leaves (rounded up), 0 when it runs until stopped. */
    public long idleExitSeconds() {
        if (idleExit == null) return 0;
        return (idleExit.toMillis() + 999) / 1000;
    }
}
