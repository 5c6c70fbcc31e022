package dev.dispatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dispatch.app.Engines;
import dev.dispatch.client.RemoteEngine;
import dev.dispatch.client.UnixHttp;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.ApprovalOps;
import dev.dispatch.protocol.CoordOps;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.KnowledgeOps;
import dev.dispatch.protocol.LockOps;
import dev.dispatch.protocol.MessageOps;
import dev.dispatch.protocol.Op;
import dev.dispatch.protocol.Routes;
import dev.dispatch.protocol.TaskOps;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The coordination scenario (agents, tasks with leases, locks, messages, knowledge, approvals, the
 * journal) run in-process and through a real daemon: the transcripts (answers and failures, with
 * generated ids and times masked) are identical, so every face behaves the same on either transport.
 */
class CoordTransportTest {
    /** Runs one op and records its answer or failure (code + message) in the transcript. */
    private static final class Transcript {
        final List<String> lines = new ArrayList<>();
        final Engine engine;

        Transcript(Engine engine) {
            this.engine = engine;
        }

        <R> R run(Op<R> op) {
            try {
                R r = engine.submit(op);
                lines.add(op.getClass().getSimpleName() + " → "
                        + mask(Json.mapper().valueToTree(r).toString()));
                return r;
            } catch (EngineException e) {
                lines.add(op.getClass().getSimpleName() + " ✗ " + e.code() + " " + mask(e.getMessage()));
                return null;
            }
        }

        static String mask(String s) {
            return s.replaceAll("\\b(task|agt|lck|lock|msg|apr|lse|dsp)_[A-Za-z0-9_-]+", "$1_X")
                    .replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "TIME")
                    .replaceAll("\"(token|lease)\":\"[^\"]+\"", "\"$1\":\"X\"")
                    .replaceAll("\"(seq|next|cursor)\":\\d+", "\"$1\":N")
                    .replaceAll("\"(averageWaitMillis|averageRunMillis|waitMillis)\":[0-9.E-]+", "\"$1\":N");
        }
    }

    static List<String> scenario(Engine engine) {
        Transcript t = new Transcript(engine);
        String sp = "web";
        t.run(new AgentOps.RegisterAgent(sp, "w1", List.of("build"), "worker", null, 2, 60));
        t.run(new AgentOps.RegisterAgent(sp, "w2", List.of("build", "test"), "worker", null, 1, 60));
        t.run(new AgentOps.RegisterAgent(sp, "w1", List.of(), null, null, null, null)); // duplicate → conflict
        var low = t.run(new TaskOps.AddTask(sp, "low", null, null, 1, null, null, 60, 3, "k-low", null));
        t.run(new TaskOps.AddTask(sp, "high", "urgent", null, 9, List.of("build"), null, 60, 3, null, null));
        t.run(new TaskOps.AddTask(sp, "low again", null, null, 1, null, null, 60, 3, "k-low", null)); // same key
        t.run(new TaskOps.AddTask(
                sp, "after low", null, null, 5, null, List.of(low.task().id()), 60, 3, null, null));
        t.run(new TaskOps.ListReadyTasks(sp, null, 10));
        var claim = t.run(new TaskOps.ClaimNextTask(sp, "w1", null));
        t.run(new TaskOps.CompleteTask(sp, claim.task().id(), "not-the-lease", "x")); // lease_lost
        t.run(new TaskOps.ReportProgress(sp, claim.task().id(), claim.lease(), "half way"));
        t.run(new TaskOps.CompleteTask(sp, claim.task().id(), claim.lease(), "built"));
        var second = t.run(new TaskOps.ClaimNextTask(sp, "w2", null));
        t.run(new TaskOps.FailTask(sp, second.task().id(), second.lease(), "flaky", TaskOps.Retry.NO_RETRY));
        t.run(new TaskOps.ClaimNextTask(sp, "w2", null)); // "after low" waits for a dead dependency
        t.run(new TaskOps.ShowTask(sp, "task_missing"));
        t.run(new TaskOps.ListTasks(sp, null, null, null, 10));
        t.run(new LockOps.AcquireLock(sp, "w1", List.of("src/**"), 60, LockOps.Mode.exclusive, null));
        t.run(new LockOps.AcquireLock(sp, "w2", List.of("src/a.txt"), 60, LockOps.Mode.exclusive, null));
        t.run(new LockOps.ListLocks(sp, LockOps.Scope.held));
        t.run(new MessageOps.SendMessage(sp, "w1", "w2", "please review", null, MessageOps.Importance.high, true));
        var inbox = t.run(new MessageOps.ReadInbox(sp, "w2", 0, false, 10, MessageOps.ReadMark.mark));
        t.run(new MessageOps.AckMessage(sp, inbox.messages().get(0).message().id(), "w2"));
        t.run(new KnowledgeOps.WriteTopic(sp, "build/howto", "run mvn verify", "w1"));
        t.run(new KnowledgeOps.ReadTopic(sp, "build/howto", 0));
        t.run(new KnowledgeOps.SearchKnowledge(sp, "verify", null, 10));
        var approval = t.run(new ApprovalOps.RequestApproval(sp, "w1", "deploy?", List.of("yes", "no")));
        t.run(new ApprovalOps.DecideApproval(sp, approval.id(), "yes", "go"));
        t.run(new CoordOps.ShowQueueStats(sp));
        t.run(new CoordOps.ReadEvents(0, sp, List.of("TaskCompleted", "TaskFailed"), 10));
        return t.lines;
    }

    @Test
    void theScenarioReadsTheSameInProcessAndThroughTheDaemon() throws Exception {
        Path a = Files.createTempDirectory(Path.of("/tmp"), "ct-");
        Path b = Files.createTempDirectory(Path.of("/tmp"), "ct-");
        try {
            List<String> inProcess;
            try (Engine local = Engines.local(Dirs.resolve(Map.of("DISPATCH_HOME", a.toString())))) {
                inProcess = scenario(local);
            }
            Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", b.toString()));
            Daemon d = Daemon.start(
                    dirs,
                    new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                    "test",
                    new DaemonLog(new StringWriter()));
            List<String> remote;
            try (RemoteEngine r = new RemoteEngine(
                    new UnixHttp(dirs.socket()),
                    d.operatorToken(),
                    Routes.standard(),
                    DaemonInfo.read(dirs.runtime()))) {
                remote = scenario(r);
            } finally {
                d.stop();
            }
            assertThat(inProcess).hasSizeGreaterThan(25);
            assertThat(String.join("\n", inProcess))
                    .contains("✗ CONFLICT")
                    .contains("✗ LEASE_LOST")
                    .contains("✗ NOT_FOUND");
            assertThat(remote).containsExactlyElementsOf(inProcess);
        } finally {
            delete(a);
            delete(b);
        }
    }

    @Test
    void agentTokensFromRegistrationActOnlyAsTheirAgent() throws Exception {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "ca-");
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        Daemon d = Daemon.start(
                dirs,
                new ServerConfig(dirs.socket(), ServerConfig.NO_PORT, ServerConfig.Limits.defaults()),
                "test",
                new DaemonLog(new StringWriter()));
        try (RemoteEngine op = remote(dirs, d.operatorToken())) {
            String t1 = op.submit(new AgentOps.RegisterAgent("web", "w1", null, null, null, null, null))
                    .token();
            String t2 = op.submit(new AgentOps.RegisterAgent("web", "w2", null, null, null, null, null))
                    .token();
            op.submit(new AgentOps.RegisterAgent("other", "w1", null, null, null, null, null));
            op.submit(new TaskOps.AddTask("web", "job", null, null, null, null, null, null, null, null, null));
            try (RemoteEngine w1 = remote(dirs, t1);
                    RemoteEngine w2 = remote(dirs, t2)) {
                assertThat(code(() -> w2.submit(new TaskOps.ClaimNextTask("web", "w1", null))))
                        .isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(code(() -> w1.submit(new TaskOps.ClaimNextTask("other", "w1", null))))
                        .isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(code(() -> w1.submit(new AgentOps.RegisterAgent("web", "w9", null, null, null, null, null))))
                        .isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(code(() ->
                                w1.submit(new MessageOps.SendMessage("web", "w2", "w1", "spoof", null, null, false))))
                        .isEqualTo(ErrorCode.FORBIDDEN);
                var claim = w1.submit(new TaskOps.ClaimNextTask("web", null, null)); // agent from the token
                assertThat(claim.task().assignee()).isEqualTo("w1");
                assertThat(claim.attempt()).isEqualTo(1);
                assertThat(w1.submit(new TaskOps.CompleteTask(
                                        "web", claim.task().id(), claim.lease(), "ok"))
                                .status())
                        .isEqualTo(TaskOps.Status.done);
                assertThat(code(() -> w1.submit(new TaskOps.ClaimNextTask("web", null, null))))
                        .isEqualTo(ErrorCode.NOTHING_TO_DO);
                w2.submit(new AgentOps.SendHeartbeat("web", "w2"));
                assertThat(code(() -> w2.submit(new AgentOps.SendHeartbeat("web", "w1"))))
                        .isEqualTo(ErrorCode.FORBIDDEN);
            }
            assertThat(code(() ->
                            remote(dirs, "dsp_not_a_real_token").submit(new AgentOps.ListRegisteredAgents("web"))))
                    .isEqualTo(ErrorCode.UNAUTHORIZED);
            // /metrics: queue depth by state from the engine, task counters from the journal, latency by route
            SseTest.waitFor(() -> metrics(dirs, d.operatorToken()).contains("dispatch_task_completions_total 1"));
            String m = metrics(dirs, d.operatorToken());
            assertThat(m)
                    .contains("dispatch_task_claims_total 1")
                    .contains("dispatch_task_dead_total 0")
                    .contains("dispatch_tasks{space=\"web\",queue=\"default\",state=\"done\"} 1")
                    .contains("dispatch_http_request_duration_seconds_count{route=\"/v1/spaces/{space}/tasks/next\"}")
                    .contains("dispatch_http_requests_total{route=\"/v1/spaces/{space}/tasks/next\",status=\"403\"}");
        } finally {
            d.stop();
            delete(home);
        }
    }

    private static String metrics(Dirs dirs, String token) {
        try (UnixHttp http = new UnixHttp(dirs.socket())) {
            return http.send("GET", "/metrics", Map.of("Authorization", "Bearer " + token), null)
                    .text();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static RemoteEngine remote(Dirs dirs, String token) {
        return new RemoteEngine(new UnixHttp(dirs.socket()), token, Routes.standard(), null);
    }

    private static ErrorCode code(Runnable r) {
        EngineException e = catchThrowableOfType(EngineException.class, r::run);
        assertThat(e).as("expected a failure").isNotNull();
        return e.code();
    }

    static void delete(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
