package dev.dispatch.cli;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.client.Daemons;
import dev.dispatch.config.Dirs;
import dev.dispatch.daemon.Daemon;
import dev.dispatch.daemon.DaemonLog;
import dev.dispatch.daemon.ServerConfig;
import dev.dispatch.daemon.SessionServer;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.AgentStatus;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Proof 6 of issue 20: two in-process agents (driven by the scripted model server, with claim_task and
 * complete_task) and one external worker, a loop of real {@code dispatch task next} / {@code task
 * complete} processes, drain 30 tasks from one queue: every task is completed exactly once, and each
 * worker completed some. Once with the agents in a session that serves the socket (as {@code dispatch
 * run} does), once with them in a daemon the test reaches as a client from another process would.
 */
@Tag("slow")
class SharedQueueDrainTest {
    private static final int TASKS = 30;

    @Test
    void inProcessAgentsAndAnExternalLoopDrainOneQueueInASession() throws Exception {
        drain(
                "sq-",
                (dirs, env) -> SessionServer.host(
                        dirs, env, "test", "test", dirs.data().resolve("s.log")),
                null);
    }

    @Test
    void theSameAttachedToADaemon() throws Exception {
        AtomicReference<Daemon> daemon = new AtomicReference<>();
        drain(
                "sd-",
                (dirs, env) -> {
                    daemon.set(Daemon.start(
                            dirs,
                            new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                            "test",
                            new DaemonLog(new StringWriter())));
                    // the agents are started the way a second shell's dispatch run reaches them: over the socket
                    return Daemons.find(dirs, env).orElseThrow();
                },
                daemon);
    }

    interface Host {
        Engine open(Dirs dirs, Map<String, String> env) throws Exception;
    }

    private void drain(String prefix, Host host, AtomicReference<Daemon> daemon) throws Exception {
        Path home = ScriptedHome.create(prefix);
        Path project = Files.createDirectories(home.resolve("queue"));
        Files.createDirectories(project.resolve(".git"));
        String space = "queue";
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            ScriptedHome.configure(home, server);
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("DISPATCH_HOME", home.toString());
            env.remove("DISPATCH_AGENT_TOKEN");
            Dirs dirs = Dirs.resolve(env);
            Engine engine = host.open(dirs, env);
            try {
                List<Event> events = new CopyOnWriteArrayList<>();
                engine.subscribe(EventFilter.live(), events::add);
                for (int i = 0; i < TASKS; i++) {
                    engine.submit(new TaskOps.AddTask(
                            space, "task " + i, null, null, null, null, null, null, null, null, null));
                }
                // every turn claims and completes in one go, so replies fit whichever agent asks; each is
                // slowed so the external loop's process launches get a share of the queue
                for (int i = 0; i < TASKS; i++) {
                    server.reply(ScriptedReply.toolCalls(
                                    call("claim" + i, "claim_task", "{}"),
                                    call("done" + i, "complete_task", "{\"result\":\"in-process\"}"))
                            .headerDelay(Duration.ofMillis(250)));
                }
                server.replyText("queue drained").replyText("queue drained");

                // the external worker: real CLI processes from another "shell", first task before the agents start
                run(home, project, "agent", "register", "ext", "--space", space);
                AtomicReference<Throwable> failed = new AtomicReference<>();
                Thread external = Thread.ofVirtual().start(() -> {
                    try {
                        externalLoop(home, project, space, engine);
                    } catch (Throwable t) {
                        failed.set(t);
                    }
                });
                await(
                        () -> failed.get() != null || completedBy(engine, space, "ext") >= 1,
                        "the external loop completed a task");
                assertThat(failed.get()).as("the external loop").isNull();

                List<String> agents = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    agents.add(engine.submit(SessionOps.StartAgent.of(
                                            "drain the task queue with claim_task and complete_task",
                                            project.toString())
                                    .withMaxTurns(100))
                            .agentId());
                }
                for (String id : agents) {
                    await(
                            () -> events.stream()
                                    .anyMatch(e -> e instanceof RuntimeEvents.AgentFinished f
                                            && f.agentId().equals(id)),
                            "agent " + id + " finished");
                }
                external.join(Duration.ofMinutes(3));
                assertThat(external.isAlive()).as("the external loop ended").isFalse();
                assertThat(failed.get()).as("the external loop").isNull();

                List<TaskOps.TaskView> tasks = engine.submit(new TaskOps.ListTasks(space, null, null, null, 1000))
                        .tasks();
                assertThat(tasks).hasSize(TASKS).allSatisfy(t -> assertThat(t.status())
                        .isEqualTo(TaskOps.Status.done));
                Map<String, Integer> byWorker = new HashMap<>();
                for (TaskOps.TaskView t : tasks) {
                    List<TaskOps.HistoryEntry> history =
                            engine.submit(new TaskOps.ShowTask(space, t.id())).history();
                    assertThat(history.stream().filter(h -> h.kind().equals("completed")))
                            .as("completions of %s: %s", t.id(), history)
                            .hasSize(1);
                    byWorker.merge(t.assignee(), 1, Integer::sum);
                }
                List<AgentOps.AgentView> registry =
                        engine.submit(new AgentOps.ListRegisteredAgents(space)).agents();
                List<String> inProcess = registry.stream()
                        .filter(a -> agents.contains(a.id()))
                        .map(AgentOps.AgentView::name)
                        .toList();
                assertThat(inProcess).hasSize(2);
                assertThat(byWorker.keySet()).containsExactlyInAnyOrder("ext", inProcess.get(0), inProcess.get(1));
                assertThat(events.stream()
                                .filter(e -> e instanceof RuntimeEvents.AgentFinished f && agents.contains(f.agentId()))
                                .map(e -> ((RuntimeEvents.AgentFinished) e).status()))
                        .containsOnly(AgentStatus.DONE);

                // the tree and the list show them from another process too
                DispatchProcess.Run tree = run(home, project, "agent", "tree", "--space", space, "--json");
                JsonNode roots = Json.mapper().readTree(tree.out()).get("roots");
                List<String> names = new ArrayList<>();
                roots.forEach(n -> names.add(n.get("name").asText()));
                assertThat(names).containsExactlyInAnyOrder("ext", inProcess.get(0), inProcess.get(1));
                DispatchProcess.Run list = run(home, project, "agent", "list", "--space", space);
                assertThat(list.out()).contains("in-process").contains("fast").contains("external");
            } finally {
                engine.close();
                if (daemon != null && daemon.get() != null) {
                    daemon.get().stop();
                    daemon.get().awaitStopped();
                }
            }
        } finally {
            ScriptedHome.delete(home);
        }
    }

    /** {@code task next} until the queue has nothing left, completing each claim with {@code task complete}. */
    private static void externalLoop(Path home, Path project, String space, Engine engine) {
        try {
            while (true) {
                DispatchProcess.Run next =
                        run(home, project, "task", "next", "--agent", "ext", "--space", space, "--json");
                if (next.exit() == 0) {
                    JsonNode claim = Json.mapper().readTree(next.out());
                    DispatchProcess.Run done = run(
                            home,
                            project,
                            "task",
                            "complete",
                            claim.at("/task/id").asText(),
                            "--lease",
                            claim.get("lease").asText(),
                            "--space",
                            space,
                            "--result",
                            "external");
                    assertThat(done.exit()).as("task complete: %s", done.err()).isZero();
                    continue;
                }
                assertThat(next.exit()).as("task next: %s", next.err()).isEqualTo(5);
                // nothing ready: finished once nothing is claimed either (an agent that ends gives its task back)
                boolean open = engine.submit(new TaskOps.ListTasks(space, null, null, null, 1000)).tasks().stream()
                        .anyMatch(t -> t.status() != TaskOps.Status.done);
                if (!open) return;
                Thread.sleep(100);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int completedBy(Engine engine, String space, String agent) {
        return engine.submit(new TaskOps.ListTasks(space, TaskOps.Status.done, null, agent, 1000))
                .tasks()
                .size();
    }

    private static DispatchProcess.Run run(Path home, Path project, String... args) throws Exception {
        DispatchProcess.Run r = DispatchProcess.run(home, project, Map.of(), args);
        if (!List.of("next").contains(args[1]))
            assertThat(r.exit()).as("dispatch %s: %s", List.of(args), r.err()).isZero();
        return r;
    }

    private static void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (done.getAsBoolean()) return;
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting until " + what);
    }
}
