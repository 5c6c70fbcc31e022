package dev.dispatch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.Cancellation;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The switch itself: listeners run exactly once, however registration and cancel interleave. */
class CancellationSwitchTest {

    @Test
    void listenersRunOnceAndLateOnesRunAtOnceAndClosedOnesNever() {
        Cancellation cancellation = new Cancellation();
        AtomicInteger runs = new AtomicInteger();
        cancellation.onCancel(runs::incrementAndGet);
        cancellation.onCancel(runs::incrementAndGet).close();

        cancellation.cancel();
        cancellation.cancel();
        assertThat(runs).hasValue(1);

        cancellation.onCancel(runs::incrementAndGet);
        assertThat(runs).hasValue(2);
        assertThat(cancellation.isCancelled()).isTrue();
    }

    @RepeatedTest(20)
    void listenerRegisteredWhileCancellingStillRunsExactlyOnce() throws Exception {
        Cancellation cancellation = new Cancellation();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        Thread canceller = Thread.ofVirtual().start(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            cancellation.cancel();
        });
        go.countDown();
        for (int i = 0; i < 100; i++) cancellation.onCancel(runs::incrementAndGet);
        canceller.join();

        assertThat(runs).hasValue(100);
    }
}
