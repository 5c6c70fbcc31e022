package dev.dispatch.coord;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Delay before a failed task is offered again: {@code base × 2^(attempt-1)} capped at {@code cap}, then
 * jittered into its upper half so that tasks failing together do not come back together.
 */
public record Backoff(Duration base, Duration cap, RandomGenerator random) {
    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10), RandomGenerator.getDefault());
    }

    /** The delay after failed attempt number {@code attempt} (1-based). */
    public Duration after(int attempt) {
        long baseMs = base.toMillis();
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long full = Math.min(cap.toMillis(), baseMs << shift);
        long half = full / 2;
        return Duration.ofMillis(half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }
}
