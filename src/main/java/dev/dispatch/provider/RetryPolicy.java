package dev.dispatch.provider;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a provider retries 429/5xx/overloaded/network failures: capped exponential backoff with jitter,
 * or exactly the provider's {@code retry-after} when it sends one. A {@code retry-after} longer than
 * {@code maxRetryAfter} fails at once instead (carrying the wait), so a budget policy can switch keys
 * rather than stall an agent for an hour.
 *
 * @param maxAttempts attempts in total, including the first (1 = never retry)
 * @param initialDelay backoff before the second attempt
 * @param maxDelay cap of the exponential backoff
 * @param maxRetryAfter longest provider-requested wait that is honoured by waiting
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "retry delays must satisfy 0 <= initialDelay <= maxDelay, got " + initialDelay + ", " + maxDelay);
        }
    }

    /**
     * The wait after failed attempt {@code attempt} (from 1): half the capped exponential step plus a
     * random half, so many agents hitting one limit do not retry in lockstep.
     */
    public Duration backoff(int attempt) {
        long base = initialDelay.toMillis();
        long step = base << Math.min(attempt - 1, 20);
        long capped = Math.min(step, maxDelay.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
