package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.Json;
import dev.dispatch.provider.ScriptedModelServer;
import dev.dispatch.provider.ScriptedReply;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code dispatch run} process that hosts the engine serves the socket while it runs: one-shot
 * commands from other processes go through it (the store is its, so opening it would fail), {@code daemon
 * status} names it a run session, {@code daemon stop} refuses, and the socket and registry are gone when
 * the session ends. With {@code --no-serve} there is no socket and a one-shot gets "in use by pid N".
 */
@Tag("slow")
class RunServesSocketTest {
    @TempDir
    Path project;

    Path home;
    Dirs dirs;
    ScriptedModelServer model;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createTempDirectory(Path.of("/tmp"), "rs-"); // short: the socket path has a length limit
        dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        model = ScriptedModelServer.start();
        model.reply(ScriptedReply.text("y".repeat(3000)).chunkSize(1).delay(Duration.ofMillis(10)));
        Path config = Files.createDirectories(home.resolve("config")).resolve("config.yaml");
        Files.writeString(
                config,
                """
                providers: { scripted: { type: anthropic, base_url: "%s" } }
                keys: [ { id: t, provider: scripted, env: SCRIPTED_KEY } ]
                models: [ { id: fast, provider: scripted, name: claude-scripted } ]
                default_model: fast
                """
                        .formatted(model.baseUrl()));
    }

    @AfterEach
    void tearDown() throws Exception {
        model.close();
        DaemonInfo info = DaemonInfo.read(dirs.runtime());
        if (info != null) ProcessHandle.of(info.pid()).ifPresent(ProcessHandle::destroyForcibly);
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void oneShotCommandsReachTheRunSessionThroughItsSocket() throws Exception {
        Process run = startRun();
        try {
            awaitFirstDelta(run);
            DaemonInfo info = DaemonInfo.read(dirs.runtime());
            assertThat(info).isNotNull();
            assertThat(info.pid()).isEqualTo(run.pid());
            assertThat(info.kind()).isEqualTo("run");
            assertThat(info.port()).as("no TCP port unless asked").isZero();
            assertThat(Files.exists(dirs.socket())).isTrue();

            DispatchProcess.Run status = dispatch("daemon", "status", "--json");
            assertThat(status.exit()).as(status.err()).isZero();
            JsonNode s = Json.mapper().readTree(status.out());
            assertThat(s.get("kind").asText()).isEqualTo("run");
            assertThat(s.get("pid").asLong()).isEqualTo(run.pid());
            assertThat(dispatch("daemon", "status").out()).contains("running: dispatch run session, pid " + run.pid());

            DispatchProcess.Run added = dispatch("task", "add", "--space", "s", "through the session", "--json");
            assertThat(added.exit()).as(added.err()).isZero();
            String id =
                    Json.mapper().readTree(added.out()).path("task").path("id").asText();
            DispatchProcess.Run listed = dispatch("task", "list", "--space", "s", "--json");
            assertThat(listed.exit()).as(listed.err()).isZero();
            assertThat(listed.out()).contains(id);

            DispatchProcess.Run stop = dispatch("daemon", "stop");
            assertThat(stop.exit()).isNotZero();
            assertThat(stop.err()).contains("dispatch run session (pid " + run.pid() + "), not a daemon");
            assertThat(run.isAlive()).isTrue();
        } finally {
            interrupt(run);
        }
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isEqualTo(130);
        assertThat(dirs.socket()).doesNotExist();
        assertThat(dirs.runtime().resolve(DaemonInfo.FILE)).doesNotExist();
        // the session closed the store: a one-shot now opens it itself and finds the task
        DispatchProcess.Run after = dispatch("task", "list", "--space", "s", "--json");
        assertThat(after.exit()).as(after.err()).isZero();
        assertThat(after.out()).contains("through the session");
    }

    @Test
    void noServeLeavesTheStoreToTheSessionAlone() throws Exception {
        Process run = startRun("--no-serve");
        try {
            awaitFirstDelta(run);
            assertThat(dirs.socket()).doesNotExist();
            assertThat(DaemonInfo.read(dirs.runtime())).isNull();
            DispatchProcess.Run status = dispatch("daemon", "status");
            assertThat(status.exit()).isEqualTo(3);
            DispatchProcess.Run listed = dispatch("task", "list", "--space", "s");
            assertThat(listed.exit()).isEqualTo(1);
            assertThat(listed.err()).contains("is in use by pid " + run.pid() + " (run, no socket)");
        } finally {
            interrupt(run);
        }
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private Process startRun(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.dispatch.Main",
                "run",
                "--output-format",
                "stream-json"));
        cmd.addAll(List.of(extra));
        cmd.add("talk for a while");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile());
        pb.environment().put("DISPATCH_HOME", home.toString());
        pb.environment().put("SCRIPTED_KEY", ScriptedModelServer.CANARY_KEY);
        pb.redirectError(home.resolve("run.err").toFile());
        return pb.start();
    }

    /** Reads the run's stream-json output until the model is talking: the session is up and serving. */
    private static void awaitFirstDelta(Process run) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8));
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            if (Json.mapper().readTree(line).path("type").asText().equals("text_delta")) {
                Thread.ofVirtual().start(() -> drain(r)); // keep the pipe flowing while the test works
                return;
            }
        }
        throw new AssertionError("run ended before the model spoke, exit " + run.waitFor());
    }

    private static void drain(BufferedReader r) {
        try {
            while (r.readLine() != null) {
                // discard: only the session's liveness matters from here on
            }
        } catch (java.io.IOException closed) {
            // the process ended
        }
    }

    private static void interrupt(Process p) throws Exception {
        if (p.isAlive())
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    }

    private DispatchProcess.Run dispatch(String... args) throws Exception {
        return DispatchProcess.run(home, project, Map.of(), args);
    }
}
