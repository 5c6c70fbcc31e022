package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.app.Engines;
import dev.dispatch.client.Daemons;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.ServerConfig;
import dev.dispatch.protocol.CoordOps;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.KeyEvents;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.protocol.Subscription;
import dev.dispatch.provider.ScriptedModelServer;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The engine's own news is journaled (issue 18): a config reload is committed like any coordination
 * change, so a face that was not listening replays it by id — in-process, through a daemon's SSE stream,
 * from the journal op, and in {@code dispatch events} from a second shell.
 */
class EngineNewsTest {
    @Test
    void aConfigReloadIsJournaledAndReplayedInProcess() throws Exception {
        Path home = ScriptedHome.create("news-local-");
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            ScriptedHome.configure(home, server);
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("DISPATCH_HOME", home.toString());
            Path project = project(home);
            try (Engine engine = Engines.local(Dirs.resolve(env), env)) {
                JournalEvent live = reload(engine, server, home, project);
                assertReplayed(engine, live);
            }
        } finally {
            ScriptedHome.delete(home);
        }
    }

    @Test
    void aConfigReloadIsJournaledAndReplayedThroughADaemonAndShownByDispatchEvents() throws Exception {
        Path home = ScriptedHome.create("news-daemon-");
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            ScriptedHome.configure(home, server);
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("DISPATCH_HOME", home.toString());
            Path project = project(home);
            Dirs dirs = Dirs.resolve(env);
            Daemon daemon = Daemon.start(
                    dirs,
                    new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                    "test",
                    new DaemonLog(new StringWriter()));
            try (Engine engine = Daemons.find(dirs, env).orElseThrow()) {
                JournalEvent live = reload(engine, server, home, project);
                assertReplayed(engine, live);

                // a second shell: the journal lists it by its sequence number, with its summary
                DispatchProcess.Run events = DispatchProcess.run(
                        home, project, Map.of(), "events", "--since", Long.toString(live.seq() - 1), "--limit", "1");
                assertThat(events.exit()).as(events.err()).isZero();
                assertThat(events.out())
                        .startsWith(live.seq() + "  ")
                        .contains("ConfigReloaded", "config reloaded from");
                DispatchProcess.Run json = DispatchProcess.run(
                        home,
                        project,
                        Map.of(),
                        "events",
                        "--since",
                        Long.toString(live.seq() - 1),
                        "--limit",
                        "1",
                        "--json");
                assertThat(json.exit()).as(json.err()).isZero();
                assertThat(json.out())
                        .contains("\"seq\":" + live.seq(), "\"type\":\"ConfigReloaded\"", "\"sources\":[");
            } finally {
                daemon.stop();
                daemon.awaitStopped();
            }
        } finally {
            ScriptedHome.delete(home);
        }
    }

    private static Path project(Path home) throws Exception {
        Path project = Files.createDirectories(home.resolve("proj"));
        Files.createDirectories(project.resolve(".git"));
        return project;
    }

    /** Runs one agent (so the engine loads and watches the config), edits the config, awaits the news live. */
    private static JournalEvent reload(Engine engine, ScriptedModelServer server, Path home, Path project)
            throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        try (Subscription ignored = engine.subscribe(EventFilter.live(), events::add)) {
            server.replyText("done");
            String id = engine.submit(SessionOps.StartAgent.of("hello", project.toString()))
                    .agentId();
            await(
                    events,
                    e -> e instanceof RuntimeEvents.AgentFinished f
                            && f.agentId().equals(id));
            Files.writeString(home.resolve("config/config.yaml"), "\n# edited\n", StandardOpenOption.APPEND);
            Event got =
                    await(events, e -> e instanceof JournalEvent j && j.payload() instanceof KeyEvents.ConfigReloaded);
            JournalEvent j = (JournalEvent) got;
            assertThat(j.seq()).as("committed: it has a sequence number").isPositive();
            assertThat(j.type()).isEqualTo("ConfigReloaded");
            assertThat(((KeyEvents.ConfigReloaded) j.payload()).sources())
                    .anySatisfy(s -> assertThat(s).endsWith("config.yaml"));
            return j;
        }
    }

    /** A subscriber that was not listening gets the same event by id, and so does the journal op. */
    private static void assertReplayed(Engine engine, JournalEvent live) throws Exception {
        List<Event> replayed = new CopyOnWriteArrayList<>();
        try (Subscription ignored = engine.subscribe(
                new EventFilter(live.seq() - 1, null, Set.of("ConfigReloaded"), null), replayed::add)) {
            Event first = await(replayed, e -> e instanceof JournalEvent);
            assertThat(first).isEqualTo(live);
        }
        var page = engine.submit(new CoordOps.ReadEvents(live.seq() - 1, null, List.of("ConfigReloaded"), 10));
        assertThat(page.events()).first().isEqualTo(live);
    }

    private static Event await(List<Event> events, Predicate<Event> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (Event e : List.copyOf(events)) if (match.test(e)) return e;
            Thread.sleep(20);
        }
        throw new AssertionError("no matching event in " + events);
    }
}
