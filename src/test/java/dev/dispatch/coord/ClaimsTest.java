package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.protocol.TaskOps.HistoryEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimsTest {
    @TempDir
    Path dir;

    CoordFixture f;

    @BeforeEach
    void open() {
        f = new CoordFixture(dir);
        f.agent("w1");
        f.agent("w2");
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void nextTakesHighestPriorityThenOldest() {
        String low = f.add("low", null, 1, null, null).task().id();
        String highOld = f.add("high old", null, 9, null, null).task().id();
        String highNew = f.add("high new", null, 9, null, null).task().id();
        assertThat(List.of(
                        f.next("w1").task().id(),
                        f.next("w1").task().id(),
                        f.next("w1").task().id()))
                .containsExactly(highOld, highNew, low);
        assertThatThrownBy(() -> f.next("w1"))
                .isInstanceOf(EngineException.class)
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.NOTHING_TO_DO);
    }

    @Test
    void zombieCompletionAfterRescueGetsLeaseLostAndChangesNothing() {
        String id = f.task("t").id();
        TaskOps.ClaimResult first = f.next("w1");
        assertThat(first.attempt()).isEqualTo(1);
        f.clock.advance(Duration.ofSeconds(61));
        TaskOps.ClaimResult second = f.next("w2");
        assertThat(second.task().id()).isEqualTo(id);
        assertThat(second.attempt()).isEqualTo(2);
        long seq = f.newestSeq();

        assertThatThrownBy(() -> f.complete(first))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("claimed by w2")
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.LEASE_LOST);
        assertThatThrownBy(() -> f.coord
                        .claims()
                        .progress(new TaskOps.ReportProgress(CoordFixture.SPACE, id, first.lease(), null)))
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.LEASE_LOST);
        assertThat(f.newestSeq()).isEqualTo(seq);
        TaskOps.TaskView t = f.show(id);
        assertThat(t.status()).isEqualTo(TaskOps.Status.claimed);
        assertThat(t.assignee()).isEqualTo("w2");
        assertThat(f.complete(second).status()).isEqualTo(TaskOps.Status.done);
        List<String> kinds = f.coord.tasks().show(new TaskOps.ShowTask(CoordFixture.SPACE, id)).history().stream()
                .map(HistoryEntry::kind)
                .toList();
        assertThat(kinds).containsExactly("added", "claimed", "rescued", "claimed", "completed");
    }

    @Test
    void expiredLeaseIsNotRescuedEarly() {
        f.task("t");
        f.next("w1");
        f.clock.advance(Duration.ofSeconds(59));
        assertThatThrownBy(() -> f.next("w2"))
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.NOTHING_TO_DO);
        f.clock.advance(Duration.ofSeconds(2));
        assertThat(f.next("w2").attempt()).isEqualTo(2);
    }

    @Test
    void progressKeepsALongTaskAlive() {
        String id = f.task("long").id();
        TaskOps.ClaimResult c = f.next("w1");
        for (int i = 0; i < 10; i++) {
            f.clock.advance(Duration.ofSeconds(45));
            f.coord.claims().progress(new TaskOps.ReportProgress(CoordFixture.SPACE, id, c.lease(), "step " + i));
            assertThatThrownBy(() -> f.next("w2"))
                    .extracting(e -> ((EngineException) e).code())
                    .isEqualTo(ErrorCode.NOTHING_TO_DO);
        }
        assertThat(f.complete(c).attempt()).isEqualTo(1);
        // and once heartbeats stop, the task is freed after the lease
        String id2 = f.task("abandoned").id();
        f.next("w1");
        f.clock.advance(Duration.ofSeconds(61));
        assertThat(f.next("w2").task().id()).isEqualTo(id2);
    }

    @Test
    void failuresBackOffThenDieWithEveryErrorThenRetryRevives() {
        String id = f.add("flaky", null, 0, 3, null).task().id();
        for (int attempt = 1; attempt <= 3; attempt++) {
            TaskOps.ClaimResult c = f.next("w1");
            assertThat(c.attempt()).isEqualTo(attempt);
            TaskOps.TaskView after = f.coord
                    .claims()
                    .fail(new TaskOps.FailTask(
                            CoordFixture.SPACE, id, c.lease(), "boom " + attempt, TaskOps.Retry.ALLOWED));
            if (attempt < 3) {
                assertThat(after.status()).isEqualTo(TaskOps.Status.waiting);
                long full = 2_000L << (attempt - 1);
                long delay =
                        Duration.between(f.clock.instant(), after.retryAt()).toMillis();
                assertThat(delay).isBetween(full / 2, full);
                assertThatThrownBy(() -> f.next("w1"))
                        .extracting(e -> ((EngineException) e).code())
                        .isEqualTo(ErrorCode.NOTHING_TO_DO);
                f.clock.advance(Duration.ofMillis(full + 1));
            } else {
                assertThat(after.status()).isEqualTo(TaskOps.Status.dead);
            }
        }
        var detail = f.coord.tasks().show(new TaskOps.ShowTask(CoordFixture.SPACE, id));
        assertThat(detail.history().stream()
                        .filter(h -> h.kind().equals("failed"))
                        .map(HistoryEntry::detail))
                .containsExactly("boom 1", "boom 2", "boom 3");
        assertThat(detail.task().lastError()).isEqualTo("boom 3");
        assertThat(f.coord
                        .tasks()
                        .retry(new TaskOps.RetryTask(CoordFixture.SPACE, id))
                        .status())
                .isEqualTo(TaskOps.Status.ready);
        assertThat(f.next("w1").attempt()).isEqualTo(1);
    }

    @Test
    void noRetryGoesStraightToDead() {
        String id = f.task("t").id();
        var c = f.next("w1");
        var t = f.coord
                .claims()
                .fail(new TaskOps.FailTask(CoordFixture.SPACE, id, c.lease(), "fatal", TaskOps.Retry.NO_RETRY));
        assertThat(t.status()).isEqualTo(TaskOps.Status.dead);
    }

    @Test
    void rescueAfterLastAttemptIsDead() {
        String id = f.add("t", null, 0, 1, null).task().id();
        f.next("w1");
        f.clock.advance(Duration.ofSeconds(61));
        assertThatThrownBy(() -> f.next("w2"))
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.NOTHING_TO_DO);
        assertThat(f.show(id).status()).isEqualTo(TaskOps.Status.dead);
        assertThat(f.show(id).lastError()).contains("expired");
    }

    @Test
    void dependenciesHoldATaskUntilDone() {
        String a = f.task("a").id();
        var b = f.coord
                .tasks()
                .add(new TaskOps.AddTask(
                        CoordFixture.SPACE, "b", null, null, 100, null, List.of(a), null, null, null, null))
                .task();
        assertThat(b.status()).isEqualTo(TaskOps.Status.pending);
        var c = f.next("w1");
        assertThat(c.task().id()).isEqualTo(a);
        assertThatThrownBy(() -> f.next("w1"))
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.NOTHING_TO_DO);
        assertThat(f.coord
                        .explainer()
                        .explain(new TaskOps.ExplainTask(CoordFixture.SPACE, b.id()))
                        .reasons()
                        .get(0))
                .contains("pending")
                .contains(a);
        f.complete(c);
        assertThat(f.next("w1").task().id()).isEqualTo(b.id());
    }

    @Test
    void capabilitiesDrainAndLimitsDecideWhoMayClaim() {
        f.agent("gpu", "cuda");
        f.coord.agents().register(new AgentOps.RegisterAgent(CoordFixture.SPACE, "solo", List.of(), null, null, 1, 30));
        String needsGpu = f.coord
                .tasks()
                .add(new TaskOps.AddTask(
                        CoordFixture.SPACE, "train", null, null, 50, List.of("cuda"), null, null, null, null, null))
                .task()
                .id();
        String plain = f.task("plain").id();
        f.task("plain 2");
        assertThat(f.next("solo").task().id()).isEqualTo(plain);
        assertThatThrownBy(() -> f.next("solo"))
                .hasMessageContaining("limit")
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.NOTHING_TO_DO);
        var explain = f.coord.explainer().explain(new TaskOps.ExplainTask(CoordFixture.SPACE, needsGpu));
        assertThat(explain.candidates().get(0).agent()).isEqualTo("gpu");
        assertThat(explain.candidates().get(0).score()).isEqualTo(1.5);
        assertThat(explain.candidates().stream()
                        .filter(c -> c.agent().equals("w1"))
                        .findFirst()
                        .orElseThrow()
                        .score())
                .isZero();
        f.coord.agents().drain(new AgentOps.DrainAgent(CoordFixture.SPACE, "gpu", AgentOps.Drain.DRAIN));
        assertThatThrownBy(() -> f.next("gpu")).hasMessageContaining("drained");
        f.coord.agents().drain(new AgentOps.DrainAgent(CoordFixture.SPACE, "gpu", AgentOps.Drain.UNDRAIN));
        assertThat(f.next("gpu").task().id()).isEqualTo(needsGpu);
    }

    @Test
    void claimByIdAndCancelFencesTheHolder() {
        String id = f.task("t").id();
        var c = f.coord.claims().claim(new TaskOps.ClaimTask(CoordFixture.SPACE, id, "w1"));
        assertThatThrownBy(() -> f.coord.claims().claim(new TaskOps.ClaimTask(CoordFixture.SPACE, id, "w2")))
                .hasMessageContaining("claimed by w1")
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.CONFLICT);
        f.coord.tasks().cancel(new TaskOps.CancelTask(CoordFixture.SPACE, id));
        assertThatThrownBy(() -> f.complete(c))
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.LEASE_LOST);
        assertThat(f.show(id).status()).isEqualTo(TaskOps.Status.cancelled);
    }

    @Test
    void idempotencyKeyReturnsTheFirstTask() {
        var a = f.add("t", null, 0, null, "k1");
        var b = f.add("t again", null, 0, null, "k1");
        assertThat(a.created()).isTrue();
        assertThat(b.created()).isFalse();
        assertThat(b.task().id()).isEqualTo(a.task().id());
    }

    @Test
    void statsCountQueuesInFlightDeadAndAgents() {
        f.add("a", "q1", 0, null, null);
        f.add("b", "q2", 0, null, null);
        var c = f.next("w1");
        f.clock.advance(Duration.ofSeconds(5));
        f.complete(c);
        f.next("w1");
        var s = f.coord.stats().stats(new dev.dispatch.protocol.CoordOps.ShowQueueStats(CoordFixture.SPACE));
        assertThat(s.queues()).containsKeys("q1", "q2");
        assertThat(s.inFlight()).isEqualTo(1);
        assertThat(s.averageRunMillis()).isEqualTo(5000.0);
        assertThat(s.agents()).containsEntry("live", 2L);
    }
}
