package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.client.Daemons;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.ServerConfig;
import dev.dispatch.protocol.AgentStatus;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code dispatch agent interrupt} from a second shell (a real process) against an agent in a daemon,
 * named by its name: the turn waiting on a slow model stream stops at once, the agent stays and the next
 * prompt continues the same conversation; an idle agent is left alone; an unknown one is a clear
 * not-found naming the running agents.
 */
class AgentInterruptCommandTest {
    @Test
    void aSecondShellInterruptsATurnAndTheConversationGoesOn() throws Exception {
        Path home = ScriptedHome.create("ai-");
        Path project = Files.createDirectories(home.resolve("proj"));
        Files.createDirectories(project.resolve(".git"));
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            ScriptedHome.configure(home, server);
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("DISPATCH_HOME", home.toString());
            Dirs dirs = Dirs.resolve(env);
            Daemon daemon = Daemon.start(
                    dirs,
                    new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                    "test",
                    new DaemonLog(new StringWriter()));
            try (Engine engine = Daemons.find(dirs, env).orElseThrow()) {
                List<Event> events = new CopyOnWriteArrayList<>();
                engine.subscribe(EventFilter.live(), events::add);
                server.reply(ScriptedReply.text("too late").headerDelay(Duration.ofSeconds(60)))
                        .replyText("picked up again");
                String id = engine.submit(SessionOps.StartAgent.of("write the auth section", project.toString()))
                        .agentId();
                await(
                        events,
                        e -> e instanceof RuntimeEvents.TurnStarted t
                                && t.agentId().equals(id));

                long asked = System.nanoTime();
                DispatchProcess.Run stop = DispatchProcess.run(home, project, Map.of(), "agent", "interrupt", "main");
                assertThat(stop.exit()).as(stop.err()).isZero();
                assertThat(stop.out()).contains("interrupting " + id);
                await(
                        events,
                        e -> e instanceof RuntimeEvents.AgentFinished f
                                && f.agentId().equals(id)
                                && f.status() == AgentStatus.CANCELLED);
                assertThat(Duration.ofNanos(System.nanoTime() - asked))
                        .as("the 60 s model stream was not waited for")
                        .isLessThan(Duration.ofSeconds(30));

                // idle now: nothing to interrupt, nothing changes
                DispatchProcess.Run idle = DispatchProcess.run(home, project, Map.of(), "agent", "interrupt", id);
                assertThat(idle.exit()).as(idle.err()).isZero();
                assertThat(idle.out()).contains("nothing to interrupt");

                // the agent is still there: the next prompt continues the same conversation
                int before = events.size();
                engine.submit(new SessionOps.SendInput(id, "go on please"));
                await(
                        events,
                        before,
                        e -> e instanceof RuntimeEvents.AgentFinished f
                                && f.agentId().equals(id));
                String last = server.requests().getLast().body();
                assertThat(last).contains("write the auth section").contains("go on please");

                DispatchProcess.Run unknown =
                        DispatchProcess.run(home, project, Map.of(), "agent", "interrupt", "ghost", "--json");
                assertThat(unknown.exit()).isEqualTo(3);
                assertThat(unknown.err()).contains("no running agent 'ghost'", id);
            } finally {
                daemon.stop();
                daemon.awaitStopped();
            }
        } finally {
            ScriptedHome.delete(home);
        }
    }

    private static void await(List<Event> events, Predicate<Event> match) throws InterruptedException {
        await(events, 0, match);
    }

    /** Waits for an event matching {@code match} at index {@code from} or later. */
    private static void await(List<Event> events, int from, Predicate<Event> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<Event> now = List.copyOf(events);
            if (now.subList(Math.min(from, now.size()), now.size()).stream().anyMatch(match)) return;
            Thread.sleep(20);
        }
        throw new AssertionError("no matching event in " + events);
    }
}
