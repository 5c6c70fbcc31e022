package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.LockOps.AcquireLock;
import dev.dispatch.protocol.LockOps.ListLocks;
import dev.dispatch.protocol.LockOps.LockView;
import dev.dispatch.protocol.LockOps.Mode;
import dev.dispatch.protocol.LockOps.Scope;
import dev.dispatch.protocol.TaskOps;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a task ends (completed, dead after its last failure, dead after its last lease ran out,
 * cancelled) releases the locks tied to it in the same transaction, with a LockReleased right after
 * the task's end event; a lock tied to another task, or to none, stays held.
 */
class TaskEndReleasesLocksTest {
    static final String S = CoordFixture.SPACE;

    @TempDir
    Path dir;

    private void endsAndReleases(String endType, Consumer<CoordFixture> end) {
        try (CoordFixture f = new CoordFixture(dir)) {
            f.agent("w1");
            f.add("job", null, 0, 1, null);
            f.task("other");
            List<TaskOps.TaskView> tasks = f.coord
                    .tasks()
                    .list(new TaskOps.ListTasks(S, null, null, null, 10))
                    .tasks();
            String job = tasks.stream()
                    .filter(t -> t.title().equals("job"))
                    .findFirst()
                    .orElseThrow()
                    .id();
            String other = tasks.stream()
                    .filter(t -> t.title().equals("other"))
                    .findFirst()
                    .orElseThrow()
                    .id();
            f.coord.locks().acquire(new AcquireLock(S, "w1", List.of("src/**"), 600, Mode.exclusive, job));
            f.coord.locks().acquire(new AcquireLock(S, "w1", List.of("docs/**"), 600, Mode.exclusive, other));
            f.coord.locks().acquire(new AcquireLock(S, "w1", List.of("lib/**"), 600, Mode.shared, null));
            long before = f.newestSeq();

            end.accept(f);

            List<LockView> held =
                    f.coord.locks().list(new ListLocks(S, Scope.held)).locks();
            assertThat(held)
                    .extracting(LockView::patterns)
                    .containsExactlyInAnyOrder(List.of("docs/**"), List.of("lib/**"));
            List<JournalEvent> events = f.coord
                    .events()
                    .events(new dev.dispatch.protocol.CoordOps.ReadEvents(before, S, List.of(), 100))
                    .events();
            List<String> types = events.stream().map(JournalEvent::type).toList();
            int endAt = types.indexOf(endType);
            assertThat(endAt).as(types.toString()).isGreaterThanOrEqualTo(0);
            assertThat(types.subList(endAt + 1, types.size())).contains("LockReleased");
            JournalEvent released = events.stream()
                    .filter(e -> e.type().equals("LockReleased"))
                    .findFirst()
                    .orElseThrow();
            assertThat(((dev.dispatch.protocol.LockOps.LockReleased) released.payload()).reason())
                    .isEqualTo("task " + job + " ended");
            assertThat(released.at()).isEqualTo(events.get(endAt).at());
        }
    }

    private static TaskOps.ClaimResult claimJob(CoordFixture f) {
        // "job" was added first at the same priority, so it is claimed first
        return f.next("w1");
    }

    @Test
    void completingATaskReleasesItsLocks() {
        endsAndReleases("TaskCompleted", f -> f.complete(claimJob(f)));
    }

    @Test
    void aTaskThatFailsItsLastAttemptReleasesItsLocks() {
        endsAndReleases("TaskDead", f -> {
            var c = claimJob(f);
            f.coord.claims().fail(new TaskOps.FailTask(S, c.task().id(), c.lease(), "broke", null));
        });
    }

    @Test
    void aTaskWhoseLastLeaseRunsOutReleasesItsLocks() {
        endsAndReleases("TaskDead", f -> {
            claimJob(f);
            f.clock.advance(Duration.ofSeconds(61));
            // the next claim sweeps: the lease ran out on the last attempt, so the task is dead
            f.next("w1");
        });
    }

    @Test
    void cancellingATaskReleasesItsLocks() {
        endsAndReleases("TaskCancelled", f -> {
            var c = claimJob(f);
            f.coord.tasks().cancel(new TaskOps.CancelTask(S, c.task().id()));
        });
    }
}
