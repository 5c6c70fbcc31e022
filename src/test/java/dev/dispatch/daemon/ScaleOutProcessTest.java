package dev.dispatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.client.RemoteEngine;
import dev.dispatch.client.UnixHttp;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.JournalEvent;
import dev.dispatch.protocol.Routes;
import dev.dispatch.protocol.TaskOps;
import dev.dispatch.store.PgServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 26 with real processes: two {@code dispatch daemon run} processes (each its own home, data dir and
 * socket) on one PostgreSQL database ({@code DISPATCH_STORE_URL}), clients claiming and completing over
 * HTTP on both, and an SSE client on daemon A. Daemon B is killed with SIGKILL mid-run: the tasks its clients
 * held come back when their leases expire and A's clients finish them; every task ends done exactly once;
 * the stream on A saw every journal event, those committed through B included, in order and without a gap
 * against the journal itself. Lean on purpose (CI time): 2 daemons, 6 clients, 150 tasks, 3 s leases.
 */
@Tag("slow")
class ScaleOutProcessTest {
    private static final String SPACE = "scale";
    private static final int TASKS = 150;

    @Test
    void kill9OneDaemonTheOtherFinishesItsTasksAndItsStreamSawEverythingInOrder() throws Exception {
        String url = PgServer.get().freshUrl();
        Path homeA = Files.createTempDirectory(Path.of("/tmp"), "so-a-");
        Path homeB = Files.createTempDirectory(Path.of("/tmp"), "so-b-");
        List<Process> started = new ArrayList<>();
        try {
            Process a = start(homeA, url, started);
            Process b = start(homeB, url, started);
            try (RemoteEngine opA = engine(homeA);
                    RemoteEngine opB = engine(homeB)) {
                List<Event> streamed = new CopyOnWriteArrayList<>();
                var subscription = opA.subscribe(EventFilter.all(), e -> {
                    if (e.seq() > 0) streamed.add(e);
                });
                for (int i = 0; i < TASKS; i++) {
                    RemoteEngine via = i % 2 == 0 ? opA : opB;
                    via.submit(new TaskOps.AddTask(SPACE, "t" + i, null, null, 0, null, null, 3, 5, null, null));
                }
                Map<String, String> acked = new ConcurrentHashMap<>();
                AtomicInteger doubles = new AtomicInteger();
                List<Thread> clients = new ArrayList<>();
                for (int w = 0; w < 6; w++) {
                    Path home = w % 2 == 0 ? homeA : homeB;
                    String agent = (w % 2 == 0 ? "a" : "b") + w;
                    (w % 2 == 0 ? opA : opB)
                            .submit(new AgentOps.RegisterAgent(SPACE, agent, List.of(), null, null, 1, 60));
                    clients.add(Thread.ofPlatform().start(() -> work(home, agent, acked, doubles)));
                }
                while (acked.size() < TASKS / 3) Thread.sleep(20);
                // one task certainly held through B when it dies (its clients may be between two tasks)
                opB.submit(new AgentOps.RegisterAgent(SPACE, "b-held", List.of(), null, null, 1, 60));
                String held = opB.submit(new TaskOps.ClaimNextTask(SPACE, "b-held", null))
                        .task()
                        .id();
                b.destroyForcibly(); // SIGKILL: B's clients lose their daemon, its leases stay in the database
                b.waitFor();
                for (Thread t : clients) t.join(180_000);
                assertThat(clients).noneMatch(Thread::isAlive);

                assertThat(doubles.get())
                        .as("tasks acknowledged as completed twice")
                        .isZero();
                List<TaskOps.TaskView> done = opA.submit(
                                new TaskOps.ListTasks(SPACE, TaskOps.Status.done, null, null, 1_000))
                        .tasks();
                assertThat(done).hasSize(TASKS);
                var journal = opA.submit(new dev.dispatch.protocol.CoordOps.ReadEvents(0, null, null, 100_000))
                        .events();
                Map<String, Integer> completions = new HashMap<>();
                Set<String> byB = ConcurrentHashMap.newKeySet();
                for (JournalEvent e : journal) {
                    if (!(e.payload() instanceof TaskOps.TaskCompleted done1)) continue;
                    completions.merge(done1.id(), 1, Integer::sum);
                    if (e.agent() != null && e.agent().startsWith("b")) byB.add(done1.id());
                }
                assertThat(completions)
                        .hasSize(TASKS)
                        .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
                assertThat(byB)
                        .as("completions committed through daemon B before its kill")
                        .isNotEmpty();
                assertThat(done)
                        .filteredOn(t -> t.id().equals(held))
                        .singleElement()
                        .satisfies(t -> assertThat(t.attempt()).isGreaterThan(1))
                        .satisfies(t -> assertThat(t.assignee()).startsWith("a"));

                long last = journal.get(journal.size() - 1).seq();
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (System.nanoTime() < deadline
                        && (streamed.isEmpty()
                                || streamed.get(streamed.size() - 1).seq() < last)) Thread.sleep(20);
                subscription.close();
                List<Long> streamedSeqs = streamed.stream().map(Event::seq).toList();
                assertThat(streamedSeqs)
                        .as("A's stream: every journal event, B's included, in journal order, none twice")
                        .containsExactlyElementsOf(
                                journal.stream().map(JournalEvent::seq).toList());
            }
            assertThat(a.isAlive()).isTrue();
        } finally {
            for (Process p : started) p.destroyForcibly();
            for (Process p : started) p.waitFor();
            for (Path h : List.of(homeA, homeB)) delete(h);
        }
    }

    /** One client over HTTP: claim, complete, until every task is done; stops when its daemon dies. */
    private static void work(Path home, String agent, Map<String, String> acked, AtomicInteger doubles) {
        try (RemoteEngine r = engine(home)) {
            while (true) {
                TaskOps.ClaimResult got;
                try {
                    got = r.submit(new TaskOps.ClaimNextTask(SPACE, agent, null));
                } catch (EngineException e) {
                    if (e.code() != ErrorCode.NOTHING_TO_DO) throw e;
                    // held tasks of a dead daemon come back when their leases expire: done only when all are
                    int left = r.submit(new TaskOps.ListTasks(SPACE, null, null, null, 1_000)).tasks().stream()
                            .filter(t -> t.status() != TaskOps.Status.done)
                            .toList()
                            .size();
                    if (left == 0) return;
                    Thread.sleep(100);
                    continue;
                }
                try {
                    r.submit(new TaskOps.CompleteTask(SPACE, got.task().id(), got.lease(), null));
                } catch (EngineException e) {
                    if (e.code() != ErrorCode.LEASE_LOST) throw e;
                    continue; // too slow on a loaded machine: its lease ran out and another holder has it
                }
                if (acked.putIfAbsent(got.task().id(), agent) != null) doubles.incrementAndGet();
            }
        } catch (RuntimeException | InterruptedException daemonGone) {
            // the killed daemon's clients end here; the others end when nothing is left
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RemoteEngine engine(Path home) throws java.io.IOException {
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        String token = Files.readString(dirs.operatorToken()).strip();
        return new RemoteEngine(new UnixHttp(dirs.socket()), token, Routes.standard(), null);
    }

    private static Process start(Path home, String url, List<Process> started) throws Exception {
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.dispatch.Main",
                        "daemon",
                        "run",
                        "--no-port")
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("daemon.out").toFile());
        pb.environment().put("DISPATCH_HOME", home.toString());
        pb.environment().put("DISPATCH_STORE_URL", url);
        pb.environment().remove("DISPATCH_AGENT_TOKEN");
        Process p = pb.start();
        started.add(p);
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            DaemonInfo info = DaemonInfo.read(dirs.runtime());
            if (info != null && info.pid() == p.pid()) {
                try (UnixHttp http = new UnixHttp(dirs.socket())) {
                    if (http.send("GET", "/v1/health", Map.of(), null).status() == 200) return p;
                } catch (java.io.IOException notYet) {
                    // still starting
                }
            }
            assertThat(p.isAlive())
                    .as("daemon exited during start-up: %s", Files.readString(home.resolve("daemon.out")))
                    .isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("daemon did not become healthy: " + Files.readString(home.resolve("daemon.out")));
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }
}
