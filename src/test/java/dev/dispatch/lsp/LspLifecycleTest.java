package dev.dispatch.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.LspConfig;
import dev.dispatch.config.LspServerConfig;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.LspEvents;
import dev.dispatch.protocol.LspOps;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers that crash, print garbage, never answer or are missing: each gets a status that says so,
 * agents' edits go on within the bounded wait, a killed server comes back with its diagnostics, and
 * closing leaves no server process behind.
 */
class LspLifecycleTest {
    @TempDir
    Path tmp;

    final List<Event> events = new CopyOnWriteArrayList<>();
    static final ServerHandle.Policy QUICK =
            new ServerHandle.Policy(3, Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ofMillis(400));

    private LspManager manager(LspConfig c) {
        return new LspManager(root -> c, LspServers.env(), events::add, QUICK);
    }

    @Test
    void aKilledServerIsRestartedAndItsDiagnosticsReturn() throws Exception {
        Path root = tmp.toRealPath();
        Path stub = StubServer.write(root, "lsp");
        Path file = LspServers.write(root.resolve("a.stub"), "fine\nBAD\n");
        try (LspManager m = manager(StubServer.config(stub, Duration.ofSeconds(10), Duration.ofSeconds(10)))) {
            assertThat(m.afterWrite(root, file).orElseThrow().text())
                    .contains("1 new")
                    .contains("BAD number 0");
            long pid = m.pids(root).get("stub");
            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
            assertThat(await(() -> {
                        Long now = m.pids(root).get("stub");
                        return now != null && now != pid ? now : null;
                    }))
                    .isNotNull();
            assertThat(events)
                    .anyMatch(e -> e instanceof LspEvents.LspServerChanged s
                            && s.state().equals("restarting")
                            && s.detail().contains("exited"));
            // the file was opened again in the new process, which published its error again
            assertThat(await(() -> m.diagnostics(root, null).errors() == 1 ? true : null))
                    .isTrue();
            assertThat(m.status(root).servers().get(0).crashes()).isEqualTo(1);
        }
        assertThat(ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().orElse("").contains(stub.toString())))
                .as("no stub server left after close")
                .isEmpty();
    }

    @Test
    void aLateAnswerToTheOpenIsNotTakenForTheEditsAnswer() throws Exception {
        Path root = tmp.toRealPath();
        Path stub = StubServer.write(root, "late");
        Path file = LspServers.write(root.resolve("a.stub"), "fine\n");
        try (LspManager m = manager(StubServer.config(stub, Duration.ofSeconds(10), Duration.ofSeconds(10)))) {
            m.opened(root, file); // an agent read it: the server answers the open 1.5 s later, without versions
            LspServers.write(file, "fine\nBAD\n");
            EditReport r = m.afterWrite(root, file).orElseThrow();
            assertThat(r.text()).as(r.text()).contains("1 new").contains("BAD number 0");
            assertThat(r.errors()).isEqualTo(1);
        }
    }

    @Test
    void garbageOnStdoutIsNamedAndTheServerGivenUpOn() throws Exception {
        Path root = tmp.toRealPath();
        Path stub = StubServer.write(root, "garbage");
        Path file = LspServers.write(root.resolve("a.stub"), "x\n");
        try (LspManager m = manager(StubServer.config(stub, Duration.ofMillis(800), Duration.ofSeconds(2)))) {
            long t0 = System.nanoTime();
            String text = m.afterWrite(root, file).orElseThrow().text();
            assertThat((System.nanoTime() - t0) / 1_000_000)
                    .as("the edit waited no longer than its bound")
                    .isLessThan(4000);
            assertThat(text).contains("language server stub is");
            LspOps.ServerRow row = await(() -> {
                LspOps.ServerRow r = m.status(root).servers().get(0);
                return r.state().equals("failed") ? r : null;
            });
            assertThat(row.detail())
                    .contains("crashed 3 times")
                    .contains("did not answer initialize within 800 ms")
                    .contains("what is not LSP to stdout: 'Welcome to NotAServer 1.0! {garbage'");
        }
    }

    @Test
    void aServerThatNeverAnswersInitializeSaysSo() throws Exception {
        Path root = tmp.toRealPath();
        Path stub = StubServer.write(root, "silent");
        Path file = LspServers.write(root.resolve("a.stub"), "x\n");
        try (LspManager m = manager(StubServer.config(stub, Duration.ofMillis(500), Duration.ofMillis(700)))) {
            m.afterWrite(root, file);
            LspOps.ServerRow row = await(() -> {
                LspOps.ServerRow r = m.status(root).servers().get(0);
                return r.detail() != null && r.detail().contains("initialize") ? r : null;
            });
            assertThat(row.detail())
                    .contains("did not answer initialize within 500 ms")
                    .contains("wrote nothing");
            assertThat(m.diagnostics(root, "a.stub").notes()).isNotEmpty();
        }
    }

    @Test
    void aMissingServerNamesThePackageThatProvidesIt() throws Exception {
        Path root = tmp.toRealPath();
        LspServers.write(root.resolve("pyproject.toml"), "[project]\nname = 'x'\n");
        Path file = LspServers.write(root.resolve("a.py"), "x = 1\n");
        LspConfig c = new LspConfig(
                true,
                true,
                true,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Map.of(
                        "python",
                        new LspServerConfig(
                                "python",
                                Optional.of("pylsp-not-here"),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Map.of(),
                                true)));
        try (LspManager m = manager(c)) {
            assertThat(m.status(root).problems()).isEmpty();
            LspOps.ServerRow before = m.status(root).servers().get(0);
            assertThat(before.state()).isEqualTo("not_installed");
            assertThat(before.detail())
                    .contains("'pylsp-not-here' is not on PATH")
                    .contains("python3-pylsp");
            assertThat(m.afterWrite(root, file).orElseThrow().text())
                    .contains("not_installed")
                    .contains("python3-pylsp");
        }
    }

    @Test
    void anEditReportIsCappedAtTenWithACountOfTheRest() throws Exception {
        Path root = tmp.toRealPath();
        Path stub = StubServer.write(root, "lsp");
        Path file = LspServers.write(root.resolve("a.stub"), "ok\n");
        try (LspManager m = manager(StubServer.config(stub, Duration.ofSeconds(10), Duration.ofSeconds(10)))) {
            m.opened(root, file);
            assertThat(m.afterWrite(root, file).orElseThrow().text()).contains("no errors or warnings");
            LspServers.write(file, "BAD\n".repeat(25));
            EditReport r = m.afterWrite(root, file).orElseThrow();
            assertThat(r.added()).isEqualTo(25);
            assertThat(r.text()).contains("25 new, 0 resolved").contains("... and 15 more new");
            assertThat(r.text().lines().filter(l -> l.startsWith("  new: "))).hasSize(10);
            // lines that only moved are neither new nor resolved
            LspServers.write(file, "moved down\n" + "BAD\n".repeat(25));
            assertThat(m.afterWrite(root, file).orElseThrow().text()).contains("unchanged (25 errors, 0 warnings)");
        }
    }

    @Test
    void twoProjectsGetTheirOwnServerAndLspOffStartsNothing() throws Exception {
        Path a = java.nio.file.Files.createDirectories(tmp.resolve("a")).toRealPath();
        Path b = java.nio.file.Files.createDirectories(tmp.resolve("b")).toRealPath();
        Path stub = StubServer.write(tmp.toRealPath(), "lsp");
        LspConfig on = StubServer.config(stub, Duration.ofSeconds(10), Duration.ofSeconds(10));
        LspConfig off = new LspConfig(false, true, true, on.diagnosticsTimeout(), on.startTimeout(), on.servers());
        try (LspManager m = new LspManager(root -> root.equals(b) ? off : on, LspServers.env(), events::add, QUICK)) {
            m.afterWrite(a, LspServers.write(a.resolve("x.stub"), "BAD\n"));
            assertThat(m.afterWrite(b, LspServers.write(b.resolve("x.stub"), "BAD\n")))
                    .isEmpty();
            assertThat(m.pids(a)).containsKey("stub");
            assertThat(m.pids(b)).isEmpty();
            assertThat(m.status(b).enabled()).isFalse();
        }
        LspConfig half = new LspConfig(
                true,
                true,
                true,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Map.of(
                        "lua",
                        new LspServerConfig(
                                "lua",
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Map.of(),
                                true)));
        try (LspManager m = manager(half)) {
            assertThat(m.status(a).problems())
                    .containsExactly(
                            "lsp.servers.lua: give a command (the server program)",
                            "lsp.servers.lua: give extensions (the file types it serves, e.g. [lua])");
        }
    }

    @Test
    void changesOnDiskByOthersReachTheServer() throws Exception {
        Path root = tmp.toRealPath();
        Path stub = StubServer.write(root, "lsp");
        Path file = LspServers.write(root.resolve("sub/a.stub"), "ok\n");
        try (LspManager m = manager(StubServer.config(stub, Duration.ofSeconds(10), Duration.ofSeconds(10)))) {
            assertThat(m.diagnostics(root, "sub/a.stub").errors()).isZero(); // opened and waited for
            LspServers.write(file, "ok\nBAD\n"); // an editor, a build: not a tool
            assertThat(await(() -> m.diagnostics(root, null).errors() == 1 ? true : null))
                    .isTrue();
            assertThat(events)
                    .anyMatch(e -> e instanceof LspEvents.LspDiagnosticsChanged d
                            && d.file().equals("sub/a.stub")
                            && d.errors() == 1);
            java.nio.file.Files.delete(file); // closed in the server, its diagnostics forgotten
            assertThat(await(() -> m.diagnostics(root, null).diagnostics().isEmpty() ? true : null))
                    .isTrue();
            assertThat(await(() -> m.status(root).servers().get(0).openFiles() == 0 ? true : null))
                    .isTrue();
        }
    }

    @Test
    void atMost200DocumentsStayOpenInOneServer() throws Exception {
        Path root = tmp.toRealPath();
        Path stub = StubServer.write(root, "lsp");
        try (LspManager m = manager(StubServer.config(stub, Duration.ofSeconds(10), Duration.ofSeconds(10)))) {
            for (int i = 0; i < ServerHandle.MAX_OPEN_DOCUMENTS + 5; i++)
                m.opened(root, LspServers.write(root.resolve("f" + i + ".stub"), "BAD\n"));
            Path last = root.resolve("f" + (ServerHandle.MAX_OPEN_DOCUMENTS + 4) + ".stub");
            assertThat(m.diagnostics(root, last.toString()).errors()).isEqualTo(1);
            LspOps.ServerRow row = m.status(root).servers().get(0);
            assertThat(row.openFiles()).isEqualTo(ServerHandle.MAX_OPEN_DOCUMENTS);
            // the first ones were closed, and their diagnostics forgotten with them
            assertThat(m.diagnostics(root, null).diagnostics())
                    .noneMatch(d -> d.file().equals("f0.stub"));
        }
    }

    static <T> T await(Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            T v = probe.get();
            if (v != null) return v;
            Thread.sleep(20);
        }
        throw new AssertionError("timed out");
    }

    interface Probe<T> {
        T get() throws Exception;
    }
}
