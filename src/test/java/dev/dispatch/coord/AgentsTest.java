package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.TaskOps;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentsTest {
    static final String S = CoordFixture.SPACE;

    @TempDir
    Path dir;

    CoordFixture f;

    @BeforeEach
    void open() {
        f = new CoordFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void registerMintsATokenStoredOnlyAsItsHash() {
        var r = f.agent("alice", "java", "git");
        assertThat(r.token()).startsWith("dsp_").hasSizeGreaterThanOrEqualTo(4 + 22);
        assertThat(r.agent().id()).startsWith("agt_");
        assertThat(r.agent().capabilities()).containsExactly("git", "java");
        assertThat(f.coord.agents().byTokenHash(Ids.tokenHash(r.token())))
                .map(AgentOps.AgentView::name)
                .contains("alice");
        assertThat(f.coord.agents().byTokenHash(Ids.tokenHash("dsp_wrong"))).isEmpty();
        String stored = f.store.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT token_hash FROM agent")) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertThat(stored).isEqualTo(Ids.tokenHash(r.token())).doesNotContain(r.token());
        assertThatThrownBy(() -> f.agent("alice"))
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void statusIsStickyAndHistoryOnlyRecordsChanges() {
        f.agent("bob");
        status("bob", AgentOps.Status.active, "building", "feature/x", null);
        status("bob", null, null, null, "design");
        var detail = f.coord.agents().show(new AgentOps.ShowAgent(S, "bob"));
        assertThat(detail.agent().summary()).isEqualTo("building");
        assertThat(detail.agent().branch()).isEqualTo("feature/x");
        assertThat(detail.agent().phase()).isEqualTo("design");
        assertThat(detail.agent().status()).isEqualTo(AgentOps.Status.active);
        assertThat(detail.history()).hasSize(2);
        var same = status("bob", AgentOps.Status.active, "building", null, null);
        assertThat(same.changed()).isFalse();
        assertThat(f.coord.agents().show(new AgentOps.ShowAgent(S, "bob")).history())
                .hasSize(2);
    }

    @Test
    void livenessGoesStaleAfterTwiceTheIntervalAndHeartbeatRevives() {
        f.agent("carol"); // interval 30 s
        f.clock.advance(Duration.ofSeconds(60));
        assertThat(list().get(0).liveness()).isEqualTo("live");
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(list().get(0).liveness()).isEqualTo("stale");
        assertThat(f.coord
                        .agents()
                        .heartbeat(new AgentOps.SendHeartbeat(S, "carol"))
                        .liveness())
                .isEqualTo("live");
    }

    @Test
    void hierarchyComputesChildrenAndRejectsCycles() {
        f.agent("root");
        f.coord.agents().register(new AgentOps.RegisterAgent(S, "mid", List.of(), null, "root", null, null));
        f.coord.agents().register(new AgentOps.RegisterAgent(S, "leaf", List.of(), null, "mid", null, null));
        assertThat(f.coord.agents().childrenOf(S, "root")).containsExactly("mid");
        assertThat(f.coord.agents().parentOf(S, "leaf")).contains("mid");
        assertThatThrownBy(() -> f.coord
                        .agents()
                        .status(new AgentOps.SetAgentStatus(
                                S, "root", null, null, null, null, null, null, null, "leaf")))
                .hasMessageContaining("cycle")
                .hasMessageContaining("root -> leaf -> mid -> root")
                .extracting(e -> ((EngineException) e).code())
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(f.coord.agents().parentOf(S, "root")).isEmpty();
        var removed = f.coord.agents().remove(new AgentOps.RemoveAgent(S, "mid"));
        assertThat(removed.orphanedChildren()).containsExactly("leaf");
        assertThat(f.coord.agents().parentOf(S, "leaf")).isEmpty();
        assertThat(f.coord.agents().names(S)).containsExactly("leaf", "root");
        assertThat(f.coord.agents().exists(S, "mid")).isFalse();
    }

    @Test
    void removeRefusesAnAgentHoldingATask() {
        f.agent("dan");
        f.task("t");
        f.next("dan");
        assertThatThrownBy(() -> f.coord.agents().remove(new AgentOps.RemoveAgent(S, "dan")))
                .hasMessageContaining("holds 1 claimed task");
        assertThat(f.coord
                        .tasks()
                        .list(new TaskOps.ListTasks(S, TaskOps.Status.claimed, null, "dan", null))
                        .tasks())
                .hasSize(1);
    }

    private AgentOps.StatusResult status(
            String name, AgentOps.Status status, String summary, String branch, String phase) {
        return f.coord
                .agents()
                .status(new AgentOps.SetAgentStatus(S, name, status, summary, branch, null, phase, null, null, null));
    }

    private List<AgentOps.AgentView> list() {
        return f.coord.agents().list(new AgentOps.ListRegisteredAgents(S)).agents();
    }
}
