package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.CoordOps;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.Subscription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay then live without gaps or duplicates; an explicit reset past retention (RELIABILITY.md promise 5). */
class EventStreamTest {
    @TempDir
    Path dir;

    @Test
    void resumedReaderGetsExactlyTheMissedEventsInOrderThenLiveOnes() throws Exception {
        try (CoordFixture f = new CoordFixture(dir)) {
            f.task("before");
            long resumeAfter = f.newestSeq();
            ExecutorService pool = Executors.newFixedThreadPool(5);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 5; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) f.task("w" + thread + "-" + i);
                    return null;
                }));
            }
            // subscribe while the writers are still committing: replay and live overlap
            Thread.sleep(50);
            List<Event> got = new CopyOnWriteArrayList<>();
            try (Subscription sub = f.coord.subscribe(new EventFilter(resumeAfter, null, Set.of(), null), got::add)) {
                for (Future<?> w : writers) w.get();
                pool.shutdown();
                f.task("after");
                waitFor(() -> got.size() >= 501);
                assertThat(got).hasSize(501);
            }
            List<Long> seqs = got.stream().map(Event::seq).toList();
            for (int i = 0; i < seqs.size(); i++) assertThat(seqs.get(i)).isEqualTo(resumeAfter + 1 + i);
        }
    }

    @Test
    void aReaderPastRetentionGetsAnExplicitReset() {
        try (CoordFixture f = new CoordFixture(dir)) {
            for (int i = 0; i < 10; i++) f.task("old " + i);
            f.clock.advance(Duration.ofDays(8));
            f.task("new");
            assertThat(f.coord.events().prune(Duration.ofDays(7), 0)).isEqualTo(10);
            var page = f.coord.events().events(new CoordOps.ReadEvents(3, null, null, null));
            assertThat(page.events().get(0).type()).isEqualTo(JournalEvent.RESET);
            assertThat(page.events().get(0).seq()).isEqualTo(10);
            assertThat(page.events()).hasSize(2);
            assertThat(page.events().get(1).type()).isEqualTo("TaskAdded");
            // a reader that is not behind gets no reset
            var current = f.coord.events().events(new CoordOps.ReadEvents(10, null, List.of("TaskAdded"), null));
            assertThat(current.events()).extracting(JournalEvent::type).containsExactly("TaskAdded");
        }
    }

    @Test
    void liveOnlySubscriptionStartsAtTheNewestEventAndFiltersByType() throws Exception {
        try (CoordFixture f = new CoordFixture(dir)) {
            f.agent("w");
            f.task("old");
            List<Event> got = new CopyOnWriteArrayList<>();
            try (Subscription sub = f.coord.subscribe(
                    new EventFilter(-1, CoordFixture.SPACE, Set.of("TaskCompleted"), null), got::add)) {
                f.task("new");
                f.complete(f.next("w"));
                waitFor(() -> got.size() >= 1);
            }
            assertThat(got).extracting(Event::type).containsExactly("TaskCompleted");
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(20);
    }
}
