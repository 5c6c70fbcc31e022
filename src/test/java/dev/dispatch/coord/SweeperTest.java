package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.protocol.TaskOps.HistoryEntry;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep runs inside claims at most every {@link Sweeper#INTERVAL_MS} after a sweep that found nothing;
 * these tests pin what that may and may not change: fencing stays exact, a claim with nothing else to
 * take sweeps at once, an agent at its limit is not held there by a lease that ran out, and a rescue
 * is never later than one interval.
 */
class SweeperTest {
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

    /** Moves to just before the lease of a claim made now ends, with a sweep there that finds nothing. */
    private void quietSweepJustBeforeExpiry() {
        f.clock.advance(Duration.ofMillis(59_950));
        f.coord.tasks().list(new TaskOps.ListTasks(CoordFixture.SPACE, null, null, null, null));
    }

    @Test
    void anExpiredLeaseCannotCompleteOrHeartbeatBeforeAnySweep() {
        String id = f.task("t").id();
        TaskOps.ClaimResult c = f.next("w1");
        quietSweepJustBeforeExpiry();
        f.clock.advance(Duration.ofMillis(100)); // expired, and within the interval of the quiet sweep
        long seq = f.newestSeq();
        assertThatThrownBy(() -> f.complete(c))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("expired at")
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.LEASE_LOST);
        assertThatThrownBy(() -> f.coord
                        .claims()
                        .progress(new TaskOps.ReportProgress(CoordFixture.SPACE, id, c.lease(), "late")))
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.LEASE_LOST);
        assertThatThrownBy(() ->
                        f.coord.claims().fail(new TaskOps.FailTask(CoordFixture.SPACE, id, c.lease(), "late", null)))
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.LEASE_LOST);
        assertThat(f.newestSeq()).isEqualTo(seq);
        assertThat(f.show(id).attempt()).isEqualTo(1);
    }

    @Test
    void aClaimThatFindsNothingElseSweepsAtOnce() {
        String id = f.task("t").id();
        f.next("w1");
        quietSweepJustBeforeExpiry();
        f.clock.advance(Duration.ofMillis(100));
        TaskOps.ClaimResult again = f.next("w2");
        assertThat(again.task().id()).isEqualTo(id);
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(kinds(id)).containsExactly("added", "claimed", "rescued", "claimed");
    }

    @Test
    void aRescueWaitsAtMostOneIntervalWhenOtherWorkIsReady() {
        String urgent = f.add("urgent", null, 9, null, null).task().id();
        f.next("w1");
        String filler1 = f.add("filler 1", null, 0, null, null).task().id();
        String filler2 = f.add("filler 2", null, 0, null, null).task().id();
        quietSweepJustBeforeExpiry();
        f.clock.advance(Duration.ofMillis(100));
        // inside the interval the claim may take other ready work; the expired lease still fences (test above)
        assertThat(f.next("w2").task().id()).isEqualTo(filler1);
        f.clock.advance(Duration.ofMillis(Sweeper.INTERVAL_MS));
        TaskOps.ClaimResult rescued = f.next("w2");
        assertThat(rescued.task().id()).isEqualTo(urgent);
        assertThat(rescued.attempt()).isEqualTo(2);
        assertThat(f.next("w2").task().id()).isEqualTo(filler2);
    }

    @Test
    void anAgentAtItsLimitIsFreedByItsOwnExpiredLease() {
        f.coord.agents().register(new AgentOps.RegisterAgent(CoordFixture.SPACE, "solo", List.of(), null, null, 1, 30));
        String first = f.task("first").id();
        f.next("solo");
        String second = f.task("second").id();
        quietSweepJustBeforeExpiry();
        f.clock.advance(Duration.ofMillis(100));
        // the expired claim no longer counts against the limit of 1: the agent takes the next task in order
        TaskOps.ClaimResult c = f.next("solo");
        assertThat(c.task().id()).isEqualTo(first);
        assertThat(c.attempt()).isEqualTo(2);
        assertThat(f.show(second).status()).isEqualTo(TaskOps.Status.ready);
        assertThatThrownBy(() -> f.next("solo"))
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.NOTHING_TO_DO);
    }

    @Test
    void backoffTimeIsClearedWhenTheTaskIsReadyAgain() {
        String id = f.task("flaky").id();
        TaskOps.ClaimResult c = f.next("w1");
        f.coord.claims().fail(new TaskOps.FailTask(CoordFixture.SPACE, id, c.lease(), "boom", TaskOps.Retry.ALLOWED));
        assertThat(notBefore(id)).isNotNull();
        f.clock.advance(Duration.ofSeconds(3));
        assertThat(f.next("w1").attempt()).isEqualTo(2);
        // only waiting tasks carry not_before, so the backoff index holds only them
        assertThat(notBefore(id)).isNull();
    }

    private List<String> kinds(String id) {
        return f.coord.tasks().show(new TaskOps.ShowTask(CoordFixture.SPACE, id)).history().stream()
                .map(HistoryEntry::kind)
                .toList();
    }

    private Long notBefore(String id) {
        return f.store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT not_before FROM task WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long v = rs.getLong(1);
                    return rs.wasNull() ? null : v;
                }
            }
        });
    }
}
