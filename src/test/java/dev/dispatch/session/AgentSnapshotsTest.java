package dev.dispatch.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.SessionBrowseOps.AgentView;
import dev.dispatch.protocol.SessionBrowseOps.TaskView;
import dev.dispatch.protocol.SessionOps.AgentSnapshot;
import dev.dispatch.store.Store;
import dev.dispatch.store.TestStores;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent snapshots in the store (issue 23): written as they change, read back after the store is closed and
 * reopened, shown by the catalog with the session's task list, removed with the session. The same tests
 * run on PostgreSQL in {@link SessionsOnPostgresTest}.
 */
class AgentSnapshotsTest {
    @TempDir
    Path dir;

    final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    final InstantSource clock = () -> Instant.ofEpochMilli(millis.addAndGet(1000));

    static AgentSnapshot snap(String id, String parent, String session, String model, AgentStatus status) {
        return new AgentSnapshot(
                id,
                parent,
                parent == null ? "main" : "planner",
                session,
                model,
                "scripted",
                status,
                status == AgentStatus.WAITING_USER ? "question q1: which file?" : "",
                0,
                0,
                0,
                parent == null ? 0 : 1,
                parent == null ? "main" : "planner",
                false,
                List.of("read " + "/w/proj", "summon_subagents"),
                List.of("git"));
    }

    @Test
    void snapshotsFollowEachChangeAndSurviveReopening() {
        String main;
        String child;
        try (Store store = TestStores.open(dir)) {
            Sessions s = new Sessions(store, clock);
            AgentSnapshots snaps = new AgentSnapshots(store, clock);
            main = s.create("proj", "/w/proj", "fix the parser", "fast", "scripted", null)
                    .id();
            child = s.create("proj", "/w/proj", "plan", "fast", "scripted", main)
                    .id();
            snaps.save(snap("agt_a", null, main, "fast", AgentStatus.RUNNING));
            snaps.save(snap("agt_b", "agt_a", child, "fast", AgentStatus.RUNNING));
            snaps.save(snap("agt_a", null, main, "deep", AgentStatus.WAITING_USER));
            new TaskLists(store, clock).add(main, "read the grammar", null);
        }
        try (Store store = TestStores.open(dir)) {
            AgentSnapshots snaps = new AgentSnapshots(store, clock);
            List<AgentSnapshots.Saved> saved = snaps.list(main);
            assertThat(saved).hasSize(1);
            AgentSnapshots.Saved a = saved.get(0);
            assertThat(a.model()).isEqualTo("deep");
            assertThat(a.status()).isEqualTo("waiting_user");
            assertThat(a.detail()).isEqualTo("question q1: which file?");
            assertThat(a.grants()).containsExactly("read /w/proj", "summon_subagents");
            assertThat(a.skills()).containsExactly("git");
            assertThat(a.updatedAt()).isAfter(a.startedAt());
            assertThat(snaps.main(main).orElseThrow().agentId()).isEqualTo("agt_a");
            assertThat(snaps.main(child)).isEmpty(); // a child session has no main agent of its own

            SessionCatalog cat = new SessionCatalog(store, new Sessions(store, clock), clock);
            var shown = cat.show(main, Set.of("agt_b"));
            assertThat(shown.agents()).extracting(AgentView::agentId).containsExactly("agt_a");
            assertThat(shown.agents().get(0).live()).isFalse();
            assertThat(shown.agents().get(0).tasks())
                    .extracting(TaskView::title, TaskView::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("read the grammar", "pending"));
            AgentView planner = shown.children().get(0).agents().get(0);
            assertThat(planner.parentAgentId()).isEqualTo("agt_a");
            assertThat(planner.live()).isTrue();

            cat.delete(main);
            assertThat(snaps.list(main)).isEmpty();
            assertThat(snaps.list(child)).isEmpty();
        }
    }

    @Test
    void theMainAgentIsTheLatestStartedWithoutAParent() {
        try (Store store = TestStores.open(dir)) {
            Sessions s = new Sessions(store, clock);
            AgentSnapshots snaps = new AgentSnapshots(store, clock);
            String id =
                    s.create("proj", "/w/proj", "t", "fast", "scripted", null).id();
            snaps.save(snap("agt_first", null, id, "fast", AgentStatus.RUNNING));
            snaps.save(snap("agt_second", null, id, "deep", AgentStatus.DONE));
            // an update to the older agent does not make it the newer one
            snaps.save(snap("agt_first", null, id, "fast", AgentStatus.CANCELLED));
            assertThat(snaps.main(id).orElseThrow().agentId()).isEqualTo("agt_second");
            assertThat(snaps.list(id))
                    .extracting(AgentSnapshots.Saved::agentId)
                    .containsExactly("agt_first", "agt_second");
        }
    }

    @Test
    void oversizedAndMultiLineTextIsClippedNotRefused() {
        try (Store store = TestStores.open(dir)) {
            Sessions s = new Sessions(store, clock);
            AgentSnapshots snaps = new AgentSnapshots(store, clock);
            String id =
                    s.create("proj", "/w/proj", "t", "fast", "scripted", null).id();
            AgentSnapshot big = new AgentSnapshot(
                    "agt_x",
                    null,
                    "main",
                    id,
                    "fast",
                    "scripted",
                    AgentStatus.ERROR,
                    "x".repeat(10_000),
                    0,
                    0,
                    0,
                    0,
                    null,
                    false,
                    List.of("run exactly 'make\nall'"),
                    List.of());
            snaps.save(big);
            AgentSnapshots.Saved a = snaps.list(id).get(0);
            assertThat(a.detail()).hasSize(4000).endsWith("…");
            assertThat(a.grants()).containsExactly("run exactly 'make all'");
            assertThat(a.skills()).isEmpty();
            assertThat(a.template()).isNull();
        }
    }
}
