package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.KeyEvents.KeyDisabled;
import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.SessionOps.SendInput;
import dev.dispatch.protocol.Subscription;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The engine a face paints before (issue 19): ops wait for it, subscriptions made early get every event
 * from the start, and a failure to open reaches ready, every op and the command, while close leaves
 * nothing open.
 */
class LateEngineTest {
    /** An engine that records ops and subscribers, and counts closes. */
    static final class Recording implements Engine {
        final List<Op<?>> ops = new CopyOnWriteArrayList<>();
        final List<Consumer<Event>> sinks = new CopyOnWriteArrayList<>();
        volatile int closed;

        @Override
        public <R> R submit(Op<R> op) {
            ops.add(op);
            // every event goes out before an op's answer, as the engine's own ops publish them
            sinks.forEach(s -> s.accept(new KeyDisabled("k", "p", "op " + ops.size())));
            return null;
        }

        @Override
        public Subscription subscribe(EventFilter filter, Consumer<Event> sink) {
            sinks.add(sink);
            return () -> sinks.remove(sink);
        }

        @Override
        public String describe() {
            return "in-process";
        }

        @Override
        public void close() {
            closed++;
        }
    }

    @Test
    void opsWaitAndEarlySubscriptionsSeeEverything() throws Exception {
        Recording real = new Recording();
        CountDownLatch open = new CountDownLatch(1);
        LateEngine late = LateEngine.open(
                () -> {
                    await(open);
                    return real;
                },
                e -> "ses_1");
        List<Event> seen = new CopyOnWriteArrayList<>();
        Subscription early = late.subscribe(EventFilter.live(), seen::add);
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> late.submit(new SendInput("a", "hi")));
        Thread.sleep(100);
        assertThat(sent).isNotDone(); // queued until the engine is wired
        assertThat(late.ready().toCompletableFuture()).isNotDone();
        open.countDown();
        sent.get(10, TimeUnit.SECONDS);
        assertThat(late.ready().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("ses_1");
        assertThat(real.ops).containsExactly(new SendInput("a", "hi"));
        assertThat(seen).hasSize(1); // attached before the op passed
        early.close();
        late.submit(new SendInput("a", "again"));
        assertThat(seen).hasSize(1);
        assertThat(late.describe()).isEqualTo("in-process");
        late.close();
        assertThat(real.closed).isEqualTo(1);
    }

    @Test
    void aFailureToOpenIsWhatEveryOpAndTheCommandSee() {
        EngineException busy = EngineException.conflict("the store is busy: pid 1 has it");
        LateEngine late = LateEngine.open(
                () -> {
                    throw busy;
                },
                e -> null);
        assertThatThrownBy(late::requireOpened).isSameAs(busy);
        assertThatThrownBy(() -> late.submit(new SendInput("a", "hi"))).isSameAs(busy);
        assertThat(late.ready().toCompletableFuture()).isCompletedExceptionally();
        late.close(); // nothing was opened: nothing to close, no error
    }

    @Test
    void chatsGreetingNamesTheEngineOnlyOnceItIsThere() throws Exception {
        CountDownLatch open = new CountDownLatch(1);
        LateEngine late = LateEngine.open(
                        () -> {
                            await(open);
                            return new Recording();
                        },
                        e -> null)
                .describingEarly();
        assertThat(late.describe()).isEqualTo("starting…");
        open.countDown();
        late.ready().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(late.describe()).isEqualTo("in-process");
        late.close();
    }

    @Test
    void aSubscriptionClosedBeforeTheEngineNeverAttaches() throws Exception {
        Recording real = new Recording();
        CountDownLatch open = new CountDownLatch(1);
        LateEngine late = LateEngine.open(
                () -> {
                    await(open);
                    return real;
                },
                e -> null);
        late.subscribe(EventFilter.live(), e -> {}).close();
        open.countDown();
        late.ready().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(real.sinks).isEmpty();
        late.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
