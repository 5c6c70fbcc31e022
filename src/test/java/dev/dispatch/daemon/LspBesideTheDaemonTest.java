package dev.dispatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.cli.CliHarness;
import dev.dispatch.cli.Environment;
import dev.dispatch.client.RemoteEngine;
import dev.dispatch.client.UnixHttp;
import dev.dispatch.config.Dirs;
import dev.dispatch.lsp.StubServer;
import dev.dispatch.protocol.DaemonInfo;
import dev.dispatch.protocol.Json;
import dev.dispatch.protocol.LspOps;
import dev.dispatch.protocol.Routes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The daemon owns the language servers: from a second shell, {@code dispatch lsp diagnostics} and
 * {@code lsp status} reach the daemon's server (one process), the operator's SSE stream carries the
 * server and diagnostics events, and stopping the daemon stops the server.
 */
class LspBesideTheDaemonTest {
    @Test
    void theCliAndTheEventStreamReachTheDaemonsServer() throws Exception {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "lsp-");
        Path project = Files.createDirectories(home.resolve("proj")).toRealPath();
        Files.createDirectories(project.resolve(".git"));
        Path stub = StubServer.write(home, "lsp");
        Files.writeString(project.resolve("a.stub"), "ok\nBAD here\n");
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        Files.createDirectories(dirs.config());
        Files.writeString(
                dirs.userConfigFile(),
                "lsp:\n  servers:\n    stub: { command: \"" + stub + "\", extensions: [stub] }\n");
        Daemon daemon = Daemon.start(
                dirs,
                new ServerConfig(dirs.socket(), 0, ServerConfig.Limits.defaults()),
                "test",
                new DaemonLog(new StringWriter()));
        UnixHttp.Stream sse = new UnixHttp(dirs.socket())
                .stream("/v1/events", Map.of("Authorization", "Bearer " + daemon.operatorToken()));
        List<String> frames = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(sse.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) frames.add(line);
            } catch (Exception e) {
                // closed
            }
        });
        reader.setDaemon(true);
        reader.start();
        try (RemoteEngine operator = new RemoteEngine(
                new UnixHttp(dirs.socket()),
                daemon.operatorToken(),
                Routes.standard(),
                DaemonInfo.read(dirs.runtime()))) {
            var env = new Environment.Snapshot(Map.of("DISPATCH_HOME", home.toString()), project);
            var diag = Environment.with(env, () -> CliHarness.run("lsp", "diagnostics", "a.stub"));
            assertThat(diag.exitCode()).as(diag.err()).isZero();
            assertThat(diag.out())
                    .contains("a.stub:2:1: error: BAD number 0 [stub]")
                    .contains("1 error, 0 warnings");

            var status = Environment.with(env, () -> CliHarness.run("lsp", "status", "--json"));
            LspOps.StatusResult s = Json.mapper().readValue(status.out(), LspOps.StatusResult.class);
            LspOps.ServerRow row = s.servers().stream()
                    .filter(r -> r.name().equals("stub"))
                    .findFirst()
                    .orElseThrow();
            assertThat(row.state()).isEqualTo("running");
            assertThat(row.openFiles()).isEqualTo(1);
            long pid = row.pid();
            assertThat(ProcessHandle.of(pid)
                            .orElseThrow()
                            .parent()
                            .flatMap(ProcessHandle::parent)
                            .map(ProcessHandle::pid))
                    .as("the server's wrapper is a child of the daemon's JVM")
                    .contains(ProcessHandle.current().pid());

            // the same server answers the operator's op: the whole project's diagnostics
            LspOps.DiagnosticsResult all = operator.submit(new LspOps.LspDiagnostics(project.toString(), null));
            assertThat(all.errors()).isEqualTo(1);
            var missing = Environment.with(env, () -> CliHarness.run("lsp", "diagnostics", "nope.stub"));
            assertThat(missing.exitCode()).isEqualTo(3);
            assertThat(missing.err()).contains("no such file: ").contains("nope.stub");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && frames.stream().noneMatch(f -> f.contains("LspDiagnosticsChanged")))
                Thread.sleep(20);
            assertThat(frames).anyMatch(f -> f.contains("LspServerChanged") && f.contains("running"));
            assertThat(frames).anyMatch(f -> f.contains("LspDiagnosticsChanged") && f.contains("\"errors\":1"));

            // from the second shell: a restart gives the daemon's server a fresh process, whose
            // diagnostics come back; an unknown name is refused with the known ones
            var restarted = Environment.with(env, () -> CliHarness.run("lsp", "restart", "stub"));
            assertThat(restarted.exitCode()).as(restarted.err()).isZero();
            assertThat(restarted.out()).contains("stub");
            long restartDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Long fresh = null;
            while (System.nanoTime() < restartDeadline) {
                LspOps.ServerRow r = operator.submit(new LspOps.LspStatus(project.toString())).servers().stream()
                        .filter(x -> x.name().equals("stub"))
                        .findFirst()
                        .orElseThrow();
                if (r.pid() != null && r.pid() != pid) {
                    fresh = r.pid();
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(fresh).as("a new server process after lsp restart").isNotNull();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
            assertThat(operator.submit(new LspOps.LspDiagnostics(project.toString(), "a.stub"))
                            .errors())
                    .isEqualTo(1);
            var unknown = Environment.with(env, () -> CliHarness.run("lsp", "restart", "nope"));
            assertThat(unknown.exitCode()).isEqualTo(3);
            assertThat(unknown.err())
                    .contains("no language server named 'nope'")
                    .contains("stub");
            pid = fresh;

            daemon.stop();
            daemon.awaitStopped();
            long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < gone
                    && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) Thread.sleep(20);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("server stopped with the daemon")
                    .isFalse();
        } finally {
            sse.connection().close();
            daemon.stop();
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
