package dev.dispatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.app.Engines;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.FleetEvents.AgentNudged;
import dev.dispatch.protocol.FleetOps;
import dev.dispatch.protocol.MessageOps;
import dev.dispatch.protocol.TaskOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Stale lease holders are reminded through their own channel, boundedly: an external agent in a real
 * tmux session gets a line pasted into its pane, an agent without a pane a message, each at most
 * {@code fleet.nudge.max} times per lease and not closer than {@code fleet.nudge.interval}; an agent
 * that keeps its heartbeat is left alone. Every nudge is an event and the external agent's record
 * counts them.
 */
class NudgerTest {
    @Test
    void staleHoldersAreNudgedByPaneOrMessageAtMostMaxTimesPerLease() throws Exception {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "nudge");
        Map<String, String> env = Map.of(
                "DISPATCH_HOME", home.toString(),
                "DISPATCH_FLEET_NUDGE_STALE_AFTER", "1s",
                "DISPATCH_FLEET_NUDGE_INTERVAL", "1s",
                "DISPATCH_FLEET_NUDGE_MAX", "2");
        Dirs dirs = Dirs.resolve(env);
        Path project = Files.createDirectories(home.resolve("proj"));
        Fleet fleet = null;
        try (Engine engine = Engines.local(dirs, env)) {
            List<Event> events = new CopyOnWriteArrayList<>();
            fleet = new Fleet(dirs, env, engine::submit, events::add);
            String[] ids = new String[3];
            for (int i = 0; i < 3; i++)
                ids[i] = engine.submit(new TaskAdd("team", "task " + i).op())
                        .task()
                        .id();
            fleet.spawn(new FleetOps.SpawnExternalAgent(
                    "team", "ext1", "cat", project.toString(), false, ids[0], null, null));
            for (String n : List.of("api1", "live1"))
                engine.submit(new AgentOps.RegisterAgent("team", n, List.of(), null, null, null, null));
            engine.submit(new TaskOps.ClaimTask("team", ids[1], "api1"));
            engine.submit(new TaskOps.ClaimTask("team", ids[2], "live1"));
            Nudger nudger = new Nudger(fleet);

            Thread.sleep(1_300);
            engine.submit(new AgentOps.SendHeartbeat("team", "live1"));
            nudger.round("team", project);
            assertThat(nudged(events)).containsExactlyInAnyOrder("ext1 pane 1", "api1 message 1");
            nudger.round("team", project); // within the interval: nothing more
            assertThat(nudged(events)).hasSize(2);

            Thread.sleep(1_200);
            engine.submit(new AgentOps.SendHeartbeat("team", "live1"));
            nudger.round("team", project);
            Thread.sleep(1_200);
            engine.submit(new AgentOps.SendHeartbeat("team", "live1"));
            nudger.round("team", project); // max 2 per lease reached
            assertThat(nudged(events))
                    .containsExactlyInAnyOrder("ext1 pane 1", "api1 message 1", "ext1 pane 2", "api1 message 2");

            Tmux tmux = fleet.tmux(fleet.records.find("ext1").orElseThrow());
            assertThat(tmux.capture(200)).contains("[dispatch] Reminder: you hold task " + ids[0], "task progress");
            ExternalRecord r = fleet.records.find("ext1").orElseThrow();
            assertThat(r.nudges()).hasSize(2).allSatisfy(n -> {
                assertThat(n.taskId()).isEqualTo(ids[0]);
                assertThat(n.delivered()).isTrue();
            });
            assertThat(fleet.list(new FleetOps.ListExternalAgents("team"))
                            .agents()
                            .getFirst()
                            .nudges())
                    .isEqualTo(2);
            var inbox = engine.submit(new MessageOps.ReadInbox("team", "api1", 0, false, 50, MessageOps.ReadMark.peek));
            assertThat(inbox.messages()).hasSize(2).allSatisfy(m -> {
                assertThat(m.message().from()).isEqualTo("operator");
                assertThat(m.message().text()).contains("you hold task " + ids[1]);
            });
        } finally {
            if (fleet != null) {
                fleet.records.find("ext1").ifPresent(x -> new Tmux(Path.of(x.socket()), x.session()).kill());
            }
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The supervisor nudges in a space that has no external agent at all: it learns the space from its claims. */
    @Test
    void theSupervisorNudgesInASpaceWithoutExternalAgents() throws Exception {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "nudge-any");
        Map<String, String> env = Map.of(
                "DISPATCH_HOME", home.toString(),
                "DISPATCH_FLEET_NUDGE_STALE_AFTER", "1s",
                "DISPATCH_FLEET_NUDGE_MAX", "1");
        Dirs dirs = Dirs.resolve(env);
        try (Engine engine = Engines.local(dirs, env)) {
            List<Event> events = new CopyOnWriteArrayList<>();
            Fleet fleet = new Fleet(dirs, env, engine::submit, events::add);
            String id = engine.submit(new TaskAdd("solo", "lonely task").op())
                    .task()
                    .id();
            engine.submit(new AgentOps.RegisterAgent("solo", "api9", List.of(), null, null, null, null));
            engine.submit(new TaskOps.ClaimTask("solo", id, "api9"));
            Thread.sleep(1_300);
            Supervisor s = Supervisor.start(fleet);
            try {
                long end = System.nanoTime() + 15_000_000_000L;
                while (nudged(events).isEmpty() && System.nanoTime() < end) Thread.sleep(200);
            } finally {
                s.close();
            }
            assertThat(nudged(events)).containsExactly("api9 message 1");
            var inbox = engine.submit(new MessageOps.ReadInbox("solo", "api9", 0, false, 50, MessageOps.ReadMark.peek));
            assertThat(inbox.messages())
                    .singleElement()
                    .satisfies(m -> assertThat(m.message().text()).contains("you hold task " + id));
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<String> nudged(List<Event> events) {
        return events.stream()
                .filter(e -> e instanceof AgentNudged)
                .map(e -> (AgentNudged) e)
                .map(n -> n.agent() + " " + n.channel() + " " + n.count() + (n.delivered() ? "" : " undelivered"))
                .toList();
    }

    private record TaskAdd(String space, String title) {
        TaskOps.AddTask op() {
            return new TaskOps.AddTask(space, title, null, null, null, List.of(), List.of(), null, null, null, null);
        }
    }
}
