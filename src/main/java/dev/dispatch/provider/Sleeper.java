package dev.dispatch.provider;

import dev.dispatch.protocol.Cancellation;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits between retries. Injectable so tests record the backoff instead of sleeping through it; the
 * real one wakes early when the call is cancelled.
 */
@FunctionalInterface
public interface Sleeper {

    /** Waits for {@code delay}, or less if {@code cancellation} fires first. */
    void sleep(Duration delay, Cancellation cancellation) throws InterruptedException;

    static Sleeper real() {
        return (delay, cancellation) -> {
            CountDownLatch woken = new CountDownLatch(1);
            try (Cancellation.Registration ignored = cancellation.onCancel(woken::countDown)) {
                woken.await(delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        };
    }
}
