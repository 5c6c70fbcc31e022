package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.ApprovalOps.ApprovalView;
import dev.dispatch.protocol.ApprovalOps.DecideApproval;
import dev.dispatch.protocol.ApprovalOps.Filter;
import dev.dispatch.protocol.ApprovalOps.ListApprovals;
import dev.dispatch.protocol.ApprovalOps.RequestApproval;
import dev.dispatch.protocol.ApprovalOps.State;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalsTest {
    static final String S = LedgerFixture.SPACE;

    @TempDir
    Path dir;

    LedgerFixture f;

    @BeforeEach
    void open() {
        f = new LedgerFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void requestDefaultsToYesNoAndDecisionRecordsTheWait() {
        ApprovalView a = f.approvals.request(new RequestApproval(S, "a", "Deploy to prod?", List.of()));
        assertThat(a.id()).startsWith("apr_");
        assertThat(a.options()).containsExactly("yes", "no");
        assertThat(a.state()).isEqualTo(State.pending);
        assertThat(a.waitMillis()).isNull();

        f.clock.advance(Duration.ofSeconds(90).plusMillis(250));
        ApprovalView d = f.approvals.decide(new DecideApproval(S, a.id(), "yes", "go ahead"));
        assertThat(d.state()).isEqualTo(State.decided);
        assertThat(d.decision()).isEqualTo("yes");
        assertThat(d.note()).isEqualTo("go ahead");
        assertThat(d.waitMillis()).isEqualTo(90_250);
        assertThat(d.decidedAt()).isEqualTo(f.clock.instant());
        assertThat(f.journalTypes()).containsExactly("ApprovalRequested", "ApprovalDecided");
    }

    @Test
    void listPendingHidesDecidedOnes() {
        ApprovalView one = f.approvals.request(new RequestApproval(S, "a", "Q1", List.of("red", "green", "blue")));
        f.clock.advance(Duration.ofSeconds(1));
        ApprovalView two = f.approvals.request(new RequestApproval(S, "b", "Q2", null));
        f.approvals.decide(new DecideApproval(S, one.id(), "green", null));
        assertThat(f.approvals.list(new ListApprovals(S, Filter.pending)).approvals())
                .extracting(ApprovalView::id)
                .containsExactly(two.id());
        assertThat(f.approvals.list(new ListApprovals(S, Filter.all)).approvals())
                .extracting(ApprovalView::decision)
                .containsExactly("green", null);
        assertThat(f.approvals.list(new ListApprovals("other", Filter.all)).approvals())
                .isEmpty();
    }

    @Test
    void badInputAndSecondDecisionsChangeNothing() {
        ApprovalView a = f.approvals.request(new RequestApproval(S, "a", "Q", List.of("ok", "stop")));
        Map<String, Object> before = f.snapshot();
        assertThatThrownBy(() -> f.approvals.decide(new DecideApproval(S, a.id(), "maybe", null)))
                .satisfies(e -> assertThat(((EngineException) e).code()).isEqualTo(ErrorCode.INVALID))
                .hasMessageContaining("'maybe' is not one of ok, stop");
        assertThatThrownBy(() -> f.approvals.decide(new DecideApproval(S, "apr_nope", "ok", null)))
                .satisfies(e -> assertThat(((EngineException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> f.approvals.decide(new DecideApproval("other", a.id(), "ok", null)))
                .satisfies(e -> assertThat(((EngineException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> f.approvals.decide(new DecideApproval(S, a.id(), "ok", "x\u0000")))
                .hasMessageContaining("NUL");
        for (RequestApproval p : List.of(
                new RequestApproval(S, "ghost", "Q", null),
                new RequestApproval(S, "a", "", null),
                new RequestApproval(S, "a", "Q", List.of("x", "x")),
                new RequestApproval(S, "a", "Q", List.of("")),
                new RequestApproval(S, "a", "Q".repeat(70_000), null))) {
            assertThatThrownBy(() -> f.approvals.request(p)).isInstanceOf(EngineException.class);
        }
        assertThat(f.snapshot()).isEqualTo(before);

        f.approvals.decide(new DecideApproval(S, a.id(), "stop", null));
        Map<String, Object> decided = f.snapshot();
        assertThatThrownBy(() -> f.approvals.decide(new DecideApproval(S, a.id(), "ok", null)))
                .satisfies(e -> assertThat(((EngineException) e).code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("already decided 'stop'");
        assertThat(f.snapshot()).isEqualTo(decided);
    }
}
