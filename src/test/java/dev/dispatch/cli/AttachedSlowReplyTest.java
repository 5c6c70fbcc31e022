package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.client.Daemons;
import dev.dispatch.client.NativeBuild;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.Engine;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.EventFilter;
import dev.dispatch.protocol.RuntimeEvents;
import dev.dispatch.protocol.SessionOps;
import dev.dispatch.protocol.Subscription;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An attached {@code dispatch run} (a real process through {@link RunLane}, with the launcher's native
 * socket and JVM flags) against a daemon started by {@code dispatch daemon start} finishes with its answer
 * however late the model answers. A bug report had such a run, its reply 4 s late, hang past 60 s after
 * another agent had run in the daemon; this guards the shapes of it: the daemon's first connection (Jetty
 * started lazily then), a run after another agent, a run while another shell's client stays subscribed,
 * replies late before their headers and one streamed slowly in small pieces. None of those hung on this
 * build; what did hang for ever was a run whose daemon died under it (kill -9): its event stream only
 * reconnects, and the run waited for an end no one would send. It now says so and exits.
 */
class AttachedSlowReplyTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Test
    void anAttachedRunFinishesHoweverLateTheModelAnswers() throws Exception {
        Path home = ScriptedHome.create("as-");
        Path project = Files.createDirectories(home.resolve("proj"));
        Files.createDirectories(project.resolve(".git"));
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        // as the launcher starts an attached run (install.sh's runlane flags), AOT cache aside
        List<String> jvm = new java.util.ArrayList<>(NativeBuild.launcherOptions());
        jvm.addAll(List.of(
                "-XX:TieredStopAtLevel=1",
                "-XX:CompileThresholdScaling=10",
                "-Djdk.reflect.useNativeAccessorOnly=true",
                "-Xms8m",
                "-Xmn4m",
                "-Xmx256m"));
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            ScriptedHome.configure(home, server);
            DispatchProcess.Run started = DispatchProcess.run(home, project, Map.of(), "daemon", "start", "--no-port");
            assertThat(started.exit()).as(started.err()).isZero();
            try {
                // nobody has connected to the daemon yet (Jetty starts at this run's first connection)
                run(home, project, jvm, server, text("first answer").headerDelay(Duration.ofSeconds(1)));
                // another agent has run in this daemon: the reply is 4 s late
                run(home, project, jvm, server, text("late by 4 s").headerDelay(Duration.ofSeconds(4)));
                // another client (a face in another shell) ran an agent and stays subscribed
                Map<String, String> env = new HashMap<>(System.getenv());
                env.put("DISPATCH_HOME", home.toString());
                try (Engine other = Daemons.find(dirs, env).orElseThrow()) {
                    List<Event> events = new CopyOnWriteArrayList<>();
                    try (Subscription ignored = other.subscribe(EventFilter.live(), events::add)) {
                        server.replyText("from the other shell");
                        String id = other.submit(SessionOps.StartAgent.of("hello", project.toString()))
                                .agentId();
                        long deadline = System.nanoTime() + LIMIT.toNanos();
                        while (events.stream()
                                .noneMatch(e -> e instanceof RuntimeEvents.AgentFinished f
                                        && f.agentId().equals(id))) {
                            assertThat(System.nanoTime())
                                    .as("the other shell's agent finished")
                                    .isLessThan(deadline);
                            Thread.sleep(20);
                        }
                        // a reply streamed in small pieces over ~2.5 s
                        run(
                                home,
                                project,
                                jvm,
                                server,
                                text("a slowly streamed answer, piece by piece")
                                        .chunkSize(4)
                                        .delay(Duration.ofMillis(250)));
                    }
                }
            } finally {
                DispatchProcess.run(home, project, Map.of(), "daemon", "stop");
                DaemonInfo info = DaemonInfo.read(dirs.runtime());
                if (info != null) ProcessHandle.of(info.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        } finally {
            ScriptedHome.delete(home);
        }
    }

    /**
     * Issue 18: the engine's news (a config reload, journaled) reaches a run's stderr while it runs: attached
     * to a daemon (through the thin client and its plain-JSON decoding) and hosting its own engine.
     */
    @Test
    void anAttachedRunShowsAConfigReloadOnStderr() throws Exception {
        reloadShownOnStderr(true);
    }

    @Test
    void aRunHostingItsEngineShowsAConfigReloadOnStderr() throws Exception {
        reloadShownOnStderr(false);
    }

    private static void reloadShownOnStderr(boolean daemon) throws Exception {
        Path home = ScriptedHome.create("ar-");
        Path project = Files.createDirectories(home.resolve("proj"));
        Files.createDirectories(project.resolve(".git"));
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            ScriptedHome.configure(home, server);
            if (daemon) {
                DispatchProcess.Run started =
                        DispatchProcess.run(home, project, Map.of(), "daemon", "start", "--no-port");
                assertThat(started.exit()).as(started.err()).isZero();
                // the daemon loads (and watches) the config with a first agent
                run(home, project, NativeBuild.launcherOptions(), server, text("warmed up"));
            }
            DaemonInfo info = DaemonInfo.read(dirs.runtime());
            try {
                server.reply(ScriptedReply.text("after the reload").headerDelay(Duration.ofSeconds(4)));
                var run = startRun(home, project, server);
                Files.writeString(
                        home.resolve("config/config.yaml"), "\n# edited\n", java.nio.file.StandardOpenOption.APPEND);
                DispatchProcess.Run r = run.get();
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.out()).contains("after the reload");
                assertThat(r.err()).as("the run's stderr").contains("config reloaded from", "config.yaml");
            } finally {
                if (daemon) DispatchProcess.run(home, project, Map.of(), "daemon", "stop");
                if (info != null) ProcessHandle.of(info.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        } finally {
            ScriptedHome.delete(home);
        }
    }

    /** Starts {@code dispatch run "wait for it"} in the background; answers once its request reached the model. */
    private static java.util.concurrent.CompletableFuture<DispatchProcess.Run> startRun(
            Path home, Path project, ScriptedModelServer server) throws Exception {
        int before = server.requests().size();
        var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return DispatchProcess.run(
                        home, project, Map.of(), NativeBuild.launcherOptions(), LIMIT, "run", "wait for it");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (server.requests().size() <= before) {
            assertThat(System.nanoTime())
                    .as("the run's request reached the model")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
        return run;
    }

    @Test
    void anAttachedRunWhoseDaemonIsKilledEndsSayingSoInsteadOfWaitingForever() throws Exception {
        Path home = ScriptedHome.create("ak-");
        Path project = Files.createDirectories(home.resolve("proj"));
        Files.createDirectories(project.resolve(".git"));
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        try (ScriptedModelServer server = ScriptedModelServer.start()) {
            ScriptedHome.configure(home, server);
            DispatchProcess.Run started = DispatchProcess.run(home, project, Map.of(), "daemon", "start", "--no-port");
            assertThat(started.exit()).as(started.err()).isZero();
            DaemonInfo info = DaemonInfo.read(dirs.runtime());
            try {
                server.reply(ScriptedReply.text("never sent").headerDelay(Duration.ofSeconds(60)));
                var run = startRun(home, project, server);
                long killed = System.nanoTime();
                ProcessHandle.of(info.pid()).orElseThrow().destroyForcibly();
                DispatchProcess.Run r = run.get();
                assertThat(Duration.ofNanos(System.nanoTime() - killed))
                        .as("the run noticed within a few quiet spells")
                        .isLessThan(Duration.ofSeconds(15));
                assertThat(r.exit()).as(r.err()).isNotZero();
                assertThat(r.err()).contains("agent agt_", " was running: ", "dispatch sessions show ses_");
            } finally {
                ProcessHandle.of(info.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        } finally {
            ScriptedHome.delete(home);
        }
    }

    /** Queues {@code reply}, runs {@code dispatch run} and checks it printed the answer and exited 0 within the limit. */
    private static void run(Path home, Path project, List<String> jvm, ScriptedModelServer server, ScriptedReply reply)
            throws Exception {
        String answer = answerOf(reply);
        int before = server.requests().size();
        server.reply(reply);
        long t0 = System.nanoTime();
        DispatchProcess.Run r = DispatchProcess.run(home, project, Map.of(), jvm, LIMIT, "run", "say: " + answer);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(r.exit())
                .as("%s: exit after %s; stderr: %s", answer, took, r.err())
                .isZero();
        assertThat(r.out()).as(answer).isEqualTo(answer + "\n");
        assertThat(server.requests()).as(answer).hasSize(before + 1);
    }

    /** The answer of a reply made by {@link #text}. */
    private static final Map<ScriptedReply, String> ANSWERS = new java.util.IdentityHashMap<>();

    private static ScriptedReply text(String answer) {
        ScriptedReply reply = ScriptedReply.text(answer);
        ANSWERS.put(reply, answer);
        return reply;
    }

    private static String answerOf(ScriptedReply reply) {
        return ANSWERS.get(reply);
    }
}
