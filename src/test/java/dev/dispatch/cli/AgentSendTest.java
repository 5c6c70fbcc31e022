package dev.dispatch.cli;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.client.Daemons;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.ServerConfig;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code dispatch agent send} from a second shell (a real process) to an agent running in a daemon: the
 * text is queued, reaches the agent's next model request and shows in its transcript as delivered; an
 * unknown agent is a clear not-found, with an owner and without one.
 */
class AgentSendTest {
    @Test
    void aSecondShellTalksToAnAgentInTheDaemon() throws Exception {
        Path home = ScriptedHome.create("as-");
        Path project = Files.createDirectories(home.resolve("proj"));
        Files.createDirectories(project.resolve(".git"));
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            ScriptedHome.configure(home, server);
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("DISPATCH_HOME", home.toString());
            Dirs dirs = Dirs.resolve(env);

            // no owner: the one-shot engine knows no such agent
            DispatchProcess.Run lonely =
                    DispatchProcess.run(home, project, Map.of(), "agent", "send", "ghost", "hello", "--space", "proj");
            assertThat(lonely.exit()).isEqualTo(3);
            assertThat(lonely.err()).contains("no agent 'ghost' in space 'proj'");

            Daemon daemon = Daemon.start(
                    dirs,
                    new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                    "test",
                    new DaemonLog(new StringWriter()));
            try (Engine engine = Daemons.find(dirs, env).orElseThrow()) {
                List<Event> events = new CopyOnWriteArrayList<>();
                engine.subscribe(EventFilter.live(), events::add);
                server.reply(ScriptedReply.toolCalls(call("c1", "read_inbox", "{}"))
                                .headerDelay(Duration.ofSeconds(3)))
                        .replyText("focusing on OAuth");
                String id = engine.submit(SessionOps.StartAgent.of("write the auth section", project.toString()))
                        .agentId();
                await(
                        events,
                        e -> e instanceof RuntimeEvents.TurnStarted t
                                && t.agentId().equals(id));

                DispatchProcess.Run sent = DispatchProcess.run(
                        home, project, Map.of(), "agent", "send", "main", "focus on OAuth", "--space", "proj");
                assertThat(sent.exit()).as(sent.err()).isZero();
                assertThat(sent.out()).contains("queued for main (" + id + ")");

                await(
                        events,
                        e -> e instanceof RuntimeEvents.UserMessageDelivered u
                                && u.agentId().equals(id)
                                && u.text().equals("focus on OAuth"));
                await(
                        events,
                        e -> e instanceof RuntimeEvents.AgentFinished f
                                && f.agentId().equals(id));
                assertThat(server.requests().get(1).body()).contains("focus on OAuth");

                DispatchProcess.Run unknown = DispatchProcess.run(
                        home,
                        project,
                        Map.of(),
                        "agent",
                        "send",
                        "agt_000000000000",
                        "hi",
                        "--space",
                        "proj",
                        "--json");
                assertThat(unknown.exit()).isEqualTo(3);
                assertThat(unknown.err()).contains("no agent 'agt_000000000000'");
            } finally {
                daemon.stop();
                daemon.awaitStopped();
            }
        } finally {
            ScriptedHome.delete(home);
        }
    }

    private static void await(List<Event> events, java.util.function.Predicate<Event> match)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (events.stream().anyMatch(match)) return;
            Thread.sleep(20);
        }
        throw new AssertionError("no matching event in " + events);
    }
}
