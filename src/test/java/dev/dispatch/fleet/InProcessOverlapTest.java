package dev.dispatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.app.Engines;
import dev.dispatch.config.Dirs;
import dev.dispatch.permission.PermissionDecision;
import dev.dispatch.permission.PermissionGate;
import dev.dispatch.permission.PermissionRequest;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.FleetEvents;
import dev.dispatch.protocol.FleetOps;
import dev.dispatch.protocol.LockOps;
import dev.dispatch.protocol.Op;
import dev.dispatch.store.StoreOptions;
import dev.dispatch.tool.CoordHoldings;
import dev.dispatch.tool.CoordPort;
import dev.dispatch.tool.ReservationHook;
import dev.dispatch.tool.ToolContext;
import dev.dispatch.tool.ToolRegistry;
import dev.dispatch.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Dispatch's own agents are bound by reservations and seen by overlap detection, through the real
 * write_file/edit_file tools and an owner engine: a write under another agent's lock is refused naming
 * the holder (nothing written, also through a symbolic link or {@code ..}); two agents writing one file
 * in one checkout make a {@code both-changed} conflict naming both, told to the second writer, listed
 * by {@code ListConflicts} and raised as a {@code ConflictDetected} event by the owner's supervision.
 */
class InProcessOverlapTest {
    @Test
    void inProcessWritesAreRefusedUnderAnotherAgentsLockAndOverlapsBecomeConflicts() throws Exception {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "inproc");
        Map<String, String> env = Map.of("DISPATCH_HOME", home.toString());
        Dirs dirs = Dirs.resolve(env);
        Path project = Files.createDirectories(home.resolve("proj"));
        Files.createDirectories(project.resolve("src"));
        Files.createSymbolicLink(project.resolve("link"), project.resolve("src"));
        try (Engine engine = Engines.local(dirs, env, StoreOptions.owner("test", dirs.socket()))) {
            List<Event> events = new CopyOnWriteArrayList<>();
            engine.subscribe(EventFilter.live(), events::add);
            for (String n : List.of("a1", "a2", "a9"))
                engine.submit(new AgentOps.RegisterAgent("team", n, List.of(), null, null, null, null));
            engine.submit(new LockOps.AcquireLock("team", "a9", List.of("src/**"), 300, LockOps.Mode.exclusive, null));
            CoordPort port = new CoordPort() {
                @Override
                public Optional<Identity> identity(String agentId) {
                    return Optional.of(new Identity("team", agentId.substring("rt-".length())));
                }

                @Override
                public <R> R submit(Op<R> op) {
                    return engine.submit(op);
                }

                @Override
                public CoordHoldings holdings() {
                    throw new UnsupportedOperationException();
                }
            };
            ToolRegistry tools = ToolRegistry.standard().withFileHook(new ReservationHook(port));

            for (String path : List.of("src/x.txt", "link/x.txt", "docs/../src/x.txt")) {
                ToolResult refused = write(tools, project, "a1", path, "a1\n");
                assertThat(refused.isError()).as(path).isTrue();
                assertThat(refused.text())
                        .contains("write refused", "src/x.txt is reserved by agent a9", "src/**", "until");
            }
            assertThat(project.resolve("src/x.txt")).doesNotExist();
            assertThat(write(tools, project, "a9", "src/x.txt", "a9\n").isError())
                    .as("the holder itself may write")
                    .isFalse();

            assertThat(write(tools, project, "a1", "shared.txt", "one\n").text())
                    .doesNotContain("other agents");
            ToolResult second = write(tools, project, "a2", "shared.txt", "two\n");
            assertThat(second.isError()).isFalse();
            assertThat(second.text()).contains("other agents also change shared.txt", "a1 and a2");

            List<FleetOps.Conflict> conflicts =
                    engine.submit(new FleetOps.ListConflicts("team")).conflicts();
            assertThat(conflicts).anySatisfy(c -> {
                assertThat(c.path()).isEqualTo("shared.txt");
                assertThat(c.kind()).isEqualTo("both-changed");
                assertThat(c.agents()).containsExactly("a1", "a2");
            });
            long end = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < end && detected(events).isEmpty()) Thread.sleep(200);
            assertThat(detected(events)).contains("team shared.txt both-changed [a1, a2]");
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static ToolResult write(ToolRegistry tools, Path project, String agent, String path, String content)
            throws InterruptedException {
        ToolContext ctx = ToolContext.of(project, "rt-" + agent, "ses-" + agent, ALLOW);
        return tools.call(
                "write_file",
                dev.dispatch.protocol.Json.mapper()
                        .createObjectNode()
                        .put("path", path)
                        .put("content", content)
                        .toString(),
                ctx);
    }

    private static List<String> detected(List<Event> events) {
        return events.stream()
                .filter(e -> e instanceof FleetEvents.ConflictDetected)
                .map(e -> (FleetEvents.ConflictDetected) e)
                .map(c -> c.space() + " " + c.path() + " " + c.kind() + " " + c.agents())
                .toList();
    }

    static final PermissionGate ALLOW = new PermissionGate() {
        @Override
        public PermissionDecision ask(PermissionRequest request) {
            return PermissionDecision.allow("test: everything allowed");
        }
    };
}
