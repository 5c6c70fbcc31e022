package dev.dispatch.coord;

import dev.dispatch.bus.Bus;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.store.Journal;
import dev.dispatch.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/** A real store in a temp dir with coord services on a clock the test moves by hand. */
final class CoordFixture implements AutoCloseable {
    static final String SPACE = "proj";

    /** The engine's clock under test control: time passes only when the test says so. */
    static final class TestClock implements InstantSource {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }
    }

    final TestClock clock = new TestClock();
    final Store store;
    final Bus<Event> bus = new Bus<>();
    final Coord coord;

    CoordFixture(Path dir) {
        this(dir, Duration.ofDays(7));
    }

    CoordFixture(Path dir, Duration retention) {
        store = dev.dispatch.store.TestStores.open(dir);
        // backoff without randomness in its upper bound: jitter stays in [d/2, d]
        Backoff backoff =
                new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60), RandomGenerator.of("L64X128MixRandom"));
        coord = new Coord(store, bus, new Coord.Settings(clock, backoff, retention, 0));
    }

    AgentOps.RegisterResult agent(String name, String... caps) {
        return coord.agents().register(new AgentOps.RegisterAgent(SPACE, name, List.of(caps), null, null, 1000, 30));
    }

    TaskOps.TaskView task(String title) {
        return add(title, null, 0, null, null).task();
    }

    TaskOps.AddResult add(String title, String queue, int priority, Integer maxAttempts, String key) {
        return coord.tasks()
                .add(new TaskOps.AddTask(SPACE, title, null, queue, priority, null, null, 60, maxAttempts, key, null));
    }

    TaskOps.ClaimResult next(String agent) {
        return coord.claims().next(new TaskOps.ClaimNextTask(SPACE, agent, null));
    }

    TaskOps.TaskView complete(TaskOps.ClaimResult c) {
        return coord.claims().complete(new TaskOps.CompleteTask(SPACE, c.task().id(), c.lease(), "ok"));
    }

    TaskOps.TaskView show(String id) {
        return coord.tasks().show(new TaskOps.ShowTask(SPACE, id)).task();
    }

    long newestSeq() {
        return store.read(Journal::newest);
    }

    @Override
    public void close() {
        store.close();
    }
}
