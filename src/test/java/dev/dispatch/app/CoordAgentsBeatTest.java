package dev.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.bus.Bus;
import dev.dispatch.coord.Coord;
import dev.dispatch.permission.PermissionDecision;
import dev.dispatch.permission.PermissionGate;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.LockOps;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.session.AgentUsage;
import dev.dispatch.session.SessionRecord;
import dev.dispatch.session.Sessions;
import dev.dispatch.store.Store;
import dev.dispatch.tool.CoordTools;
import dev.dispatch.tool.ToolContext;
import dev.dispatch.tool.ToolRegistry;
import dev.dispatch.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry side of an in-process agent without a model: the real coordination tools called as the
 * agent's loop calls them. While the agent runs, its leases and locks outlive their own length (the
 * beat renews them) and it stays live; when it ends, what it held goes back at once.
 */
class CoordAgentsBeatTest {
    @TempDir
    Path tmp;

    @Test
    void leasesAndLocksLiveWithTheAgentAndEndWithIt() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("proj"));
        try (Store store = Store.open(tmp.resolve("data"))) {
            Bus<Event> bus = new Bus<>();
            Coord coord = new Coord(store, bus, Coord.Settings.defaults());
            OpRouter router = new OpRouter();
            CoordModule.register(router, coord);
            Sessions sessions = new Sessions(store, InstantSource.system());
            SessionRecord session = sessions.create("proj", root.toString(), "t", "m", "p", null);
            try (CoordAgents agents = new CoordAgents(
                    coord,
                    router,
                    sessions,
                    new AgentTrees(coord, new AgentUsage(store)),
                    bus,
                    Duration.ofMillis(100))) {
                String id = "agt_0123456789ab";
                bus.publish(new RuntimeEvents.AgentStarted(id, null, "worker", session.id(), "m", "p", Instant.now()));
                Instant registered = view(coord, "worker").lastSeenAt();
                String first = add(coord, "short lease one");
                String second = add(coord, "short lease two");

                ToolRegistry tools = ToolRegistry.of(CoordTools.over(agents));
                PermissionGate gate = r -> PermissionDecision.allow("test");
                ToolContext ctx = ToolContext.of(root, id, session.id(), gate);
                assertThat(tools.call("claim_task", "{\"id\":\"" + first + "\"}", ctx)
                                .text())
                        .contains("claimed " + first);
                ToolResult lock = tools.call("lock", "{\"patterns\":[\"src/**\"],\"ttl_seconds\":2}", ctx);
                assertThat(lock.isError()).as(lock.text()).isFalse();

                Thread.sleep(3_500); // longer than the 2 s lease and the 2 s lock
                ToolResult done = tools.call("complete_task", "{\"result\":\"ok\"}", ctx);
                assertThat(done.isError()).as(done.text()).isFalse();
                assertThat(coord.locks()
                                .list(new LockOps.ListLocks("proj", LockOps.Scope.held))
                                .locks())
                        .singleElement()
                        .satisfies(l -> assertThat(l.agent()).isEqualTo("worker"));
                assertThat(view(coord, "worker").lastSeenAt()).isAfter(registered);
                assertThat(view(coord, "worker").liveness()).isEqualTo("live");

                // another agent's call cannot use this one's holdings
                ToolContext other = ToolContext.of(root, "agt_ffffffffffff", session.id(), gate);
                assertThat(tools.call("unlock", "{}", other).text()).contains("not registered for coordination");

                // the agent ends holding a task and the lock: both go back at once
                assertThat(tools.call("claim_task", "{}", ctx).text()).contains("claimed " + second);
                bus.publish(new RuntimeEvents.AgentStateChanged(id, AgentStatus.CANCELLED, ""));
                bus.publish(new RuntimeEvents.AgentFinished(id, AgentStatus.CANCELLED, "", "cancelled by the user"));
                TaskOps.TaskView t =
                        coord.tasks().show(new TaskOps.ShowTask("proj", second)).task();
                assertThat(t.status()).isEqualTo(TaskOps.Status.ready);
                assertThat(t.lastError()).contains("agent worker ended (cancelled)");
                assertThat(coord.locks()
                                .list(new LockOps.ListLocks("proj", LockOps.Scope.held))
                                .locks())
                        .isEmpty();
                AgentOps.AgentView after = view(coord, "worker");
                assertThat(after.status()).isEqualTo(AgentOps.Status.cancelled);
                assertThat(after.summary()).isEqualTo("cancelled by the user");
                // ended: no longer heartbeated
                Instant seen = after.lastSeenAt();
                Thread.sleep(400);
                assertThat(view(coord, "worker").lastSeenAt()).isEqualTo(seen);
            }
        }
    }

    /** With the real beat (a heartbeat every 4 s), a 2 s lease and a 1 s lock still outlive several of their lengths. */
    @Test
    void shortLeasesOutliveTheHeartbeatPeriod() throws Exception {
        assertThat(CoordAgents.BEAT).isGreaterThan(Duration.ofSeconds(2));
        Path root = Files.createDirectories(tmp.resolve("proj"));
        try (Store store = Store.open(tmp.resolve("data"))) {
            Bus<Event> bus = new Bus<>();
            Coord coord = new Coord(store, bus, Coord.Settings.defaults());
            OpRouter router = new OpRouter();
            CoordModule.register(router, coord);
            Sessions sessions = new Sessions(store, InstantSource.system());
            SessionRecord session = sessions.create("proj", root.toString(), "t", "m", "p", null);
            try (CoordAgents agents =
                    new CoordAgents(coord, router, sessions, new AgentTrees(coord, new AgentUsage(store)), bus)) {
                String id = "agt_0123456789ac";
                bus.publish(new RuntimeEvents.AgentStarted(id, null, "worker", session.id(), "m", "p", Instant.now()));
                String task = add(coord, "short lease");
                ToolRegistry tools = ToolRegistry.of(CoordTools.over(agents));
                PermissionGate gate = r -> PermissionDecision.allow("test");
                ToolContext ctx = ToolContext.of(root, id, session.id(), gate);
                assertThat(tools.call("claim_task", "{\"id\":\"" + task + "\"}", ctx)
                                .text())
                        .contains("claimed " + task);
                ToolResult lock = tools.call("lock", "{\"patterns\":[\"docs/**\"],\"ttl_seconds\":1}", ctx);
                assertThat(lock.isError()).as(lock.text()).isFalse();
                Thread.sleep(6_500); // past one heartbeat period and three 2 s leases
                assertThat(coord.tasks()
                                .show(new TaskOps.ShowTask("proj", task))
                                .task()
                                .status())
                        .isEqualTo(TaskOps.Status.claimed);
                ToolResult done = tools.call("complete_task", "{\"result\":\"ok\"}", ctx);
                assertThat(done.isError()).as(done.text()).isFalse();
                assertThat(coord.locks()
                                .list(new LockOps.ListLocks("proj", LockOps.Scope.held))
                                .locks())
                        .singleElement()
                        .satisfies(l -> assertThat(l.agent()).isEqualTo("worker"));
            }
        }
    }

    @Test
    void aHoldingIsDueOnceAThirdOfItsTimeHasPassed() {
        Instant claimed = Instant.parse("2026-01-01T00:00:00Z");
        Instant expires = claimed.plusSeconds(3);
        assertThat(CoordAgents.due(expires, 3, claimed.plusMillis(999))).isFalse();
        assertThat(CoordAgents.due(expires, 3, claimed.plusMillis(1000))).isTrue();
        assertThat(CoordAgents.due(null, 3, claimed)).isFalse();
    }

    private static String add(Coord coord, String title) {
        return coord.tasks()
                .add(new TaskOps.AddTask("proj", title, null, null, null, null, null, 2, null, null, null))
                .task()
                .id();
    }

    private static AgentOps.AgentView view(Coord coord, String name) {
        return coord.agents().show(new AgentOps.ShowAgent("proj", name)).agent();
    }
}
