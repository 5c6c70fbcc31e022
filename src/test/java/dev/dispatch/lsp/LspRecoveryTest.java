package dev.dispatch.lsp;

import static dev.dispatch.lsp.LspLifecycleTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.config.LspConfig;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.Event;
import dev.dispatch.protocol.LspEvents;
import dev.dispatch.protocol.LspOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the first cut left out: a failed server comes back on request ({@code dispatch lsp restart})
 * and by itself after a cool-down; servers get only the environment they are given (never this
 * process's own); the faces learn which agent was shown which diagnostic, and forget it when the
 * diagnostic goes; the project's tree is watched, bounded, and files created in it are reported.
 */
class LspRecoveryTest {
    @TempDir
    Path tmp;

    final List<Event> events = new CopyOnWriteArrayList<>();

    /** A server that prints garbage until {@code mark} exists, then is the LSP stub. */
    static Path flaky(Path dir, Path mark) throws Exception {
        Path lsp = StubServer.write(dir, "lsp");
        Path file = dir.resolve("stub-flaky");
        Files.writeString(
                file,
                "#!/bin/sh\nif [ -f '" + mark + "' ]; then exec '" + lsp + "'; fi\n"
                        + "echo 'Welcome to NotAServer 1.0!'\nexec sleep 600\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private LspManager manager(LspConfig c, Duration coolDown) {
        ServerHandle.Policy p = new ServerHandle.Policy(
                2, Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ofMillis(200), coolDown);
        return new LspManager(root -> c, LspServers.env(), r -> LspServers.env(), events::add, p);
    }

    private static LspOps.ServerRow state(LspManager m, Path root, String state) throws Exception {
        return await(() -> {
            LspOps.ServerRow r = m.status(root).servers().get(0);
            return r.state().equals(state) ? r : null;
        });
    }

    @Test
    void aFailedServerComesBackOnRequestWithAFreshCount() throws Exception {
        Path root = tmp.toRealPath();
        Path mark = root.resolve("healthy");
        Path file = LspServers.write(root.resolve("a.stub"), "BAD\n");
        try (LspManager m = manager(
                StubServer.config(flaky(root, mark), Duration.ofMillis(600), Duration.ofSeconds(10)),
                Duration.ofMinutes(10))) {
            m.opened(root, file);
            LspOps.ServerRow failed = state(m, root, "failed");
            assertThat(failed.detail()).contains("dispatch lsp restart stub").contains("10 min cool-down");
            Files.writeString(mark, "");
            LspOps.StatusResult after = m.restart(root, "stub");
            assertThat(after.servers().get(0).state()).isIn("starting", "running");
            assertThat(state(m, root, "running").crashes()).isZero();
            // the document opened before is opened again: its error is back
            assertThat(await(() -> m.diagnostics(root, null).errors() == 1 ? true : null))
                    .isTrue();
            // a running one gets a new process, and its diagnostics return
            long pid = m.pids(root).get("stub");
            m.restart(root, null);
            assertThat(await(() -> {
                        Long now = m.pids(root).get("stub");
                        return now != null && now != pid ? now : null;
                    }))
                    .isNotNull();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse();
            assertThat(await(() -> m.diagnostics(root, null).errors() == 1 ? true : null))
                    .isTrue();
            assertThatThrownBy(() -> m.restart(root, "nope"))
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("no language server named 'nope'")
                    .hasMessageContaining("known: ")
                    .hasMessageContaining("stub");
        }
        LspConfig on = StubServer.config(flaky(root, mark), Duration.ofMillis(600), Duration.ofSeconds(10));
        LspConfig off = new LspConfig(false, true, true, on.diagnosticsTimeout(), on.startTimeout(), on.servers());
        try (LspManager m = manager(off, Duration.ofMinutes(10))) {
            assertThatThrownBy(() -> m.restart(root, "stub"))
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("lsp.enabled: false");
            assertThat(m.pids(root)).isEmpty();
        }
    }

    @Test
    void aFailedServerIsTriedAgainAfterTheCoolDown() throws Exception {
        Path root = tmp.toRealPath();
        Path mark = root.resolve("healthy");
        Path file = LspServers.write(root.resolve("a.stub"), "BAD\n");
        try (LspManager m = manager(
                StubServer.config(flaky(root, mark), Duration.ofMillis(600), Duration.ofSeconds(10)),
                Duration.ofSeconds(2))) {
            m.opened(root, file);
            state(m, root, "failed");
            Files.writeString(mark, "");
            assertThat(state(m, root, "running").crashes()).isZero();
            assertThat(events)
                    .anyMatch(e -> e instanceof LspEvents.LspServerChanged s
                            && s.state().equals("starting")
                            && "tried again after the cool-down".equals(s.detail()));
            assertThat(await(() -> m.diagnostics(root, null).errors() == 1 ? true : null))
                    .isTrue();
        }
    }

    @Test
    void aServerGetsOnlyTheEnvironmentItIsGiven() throws Exception {
        Path root = tmp.toRealPath();
        Path lsp = StubServer.write(root, "lsp");
        Path dump = root.resolve("env.txt");
        Path script = root.resolve("stub-env");
        Files.writeString(script, "#!/bin/sh\nenv > '" + dump + "'\nexec '" + lsp + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        // a variable this process has that the given environment leaves out: it must not reach the server
        String inherited = System.getenv().keySet().stream()
                .filter(k -> !List.of(
                                "PATH",
                                "HOME",
                                "XDG_CACHE_HOME",
                                "XDG_CONFIG_HOME",
                                "XDG_DATA_HOME",
                                "PWD",
                                "SHLVL",
                                "_")
                        .contains(k))
                .findFirst()
                .orElseThrow();
        Map<String, String> given = Map.of("PATH", LspServers.env().get("PATH"), "ONLY_GIVEN", "yes");
        LspConfig c = StubServer.config(script, Duration.ofSeconds(10), Duration.ofSeconds(10));
        try (LspManager m =
                new LspManager(r -> c, LspServers.env(), r -> given, events::add, ServerHandle.Policy.DEFAULT)) {
            m.afterWrite(root, LspServers.write(root.resolve("a.stub"), "BAD\n"));
            String env = await(() -> Files.exists(dump) && Files.size(dump) > 0 ? Files.readString(dump) : null);
            assertThat(env).contains("ONLY_GIVEN=yes");
            assertThat(env.lines()).noneMatch(l -> l.startsWith(inherited + "="));
        }
    }

    @Test
    void theFacesLearnWhichAgentWasShownWhichDiagnostic() throws Exception {
        Path root = tmp.toRealPath();
        Path stub = StubServer.write(root, "lsp");
        Path file = LspServers.write(root.resolve("a.stub"), "ok\n");
        try (LspManager m = manager(
                StubServer.config(stub, Duration.ofSeconds(10), Duration.ofSeconds(10)), Duration.ofMinutes(5))) {
            m.opened(root, file);
            LspServers.write(file, "ok\nBAD\n");
            EditReport r = m.afterWrite(root, file, "agt_1").orElseThrow();
            assertThat(r.listed()).hasSize(1);
            LspOps.DiagnosticRow row = m.diagnostics(root, null).diagnostics().get(0);
            assertThat(row.shownTo()).containsExactly("agt_1");
            assertThat(row.line()).isEqualTo(2);
            assertThat(row.endColumn()).isEqualTo(4);
            m.shown(root, "agt_2", List.of(row));
            assertThat(m.diagnostics(root, null).diagnostics().get(0).shownTo()).containsExactly("agt_1", "agt_2");
            assertThat(events)
                    .anyMatch(e -> e instanceof LspEvents.LspDiagnosticsChanged d
                            && d.diagnostics().size() == 1
                            && d.diagnostics().get(0).shownTo().equals(List.of("agt_1", "agt_2")));
            // fixed, then broken again by someone else: nobody has seen the new one
            LspServers.write(file, "ok\n");
            m.afterWrite(root, file);
            LspServers.write(file, "ok\nBAD\n");
            m.afterWrite(root, file);
            assertThat(m.diagnostics(root, null).diagnostics().get(0).shownTo()).isEmpty();
            assertThat(events)
                    .anyMatch(e -> e instanceof LspEvents.LspDiagnosticsChanged d
                            && d.errors() == 0
                            && d.diagnostics().isEmpty());
        }
    }

    @Test
    void aFileCreatedInTheProjectIsAnnouncedToItsRunningServer() throws Exception {
        Path root = tmp.toRealPath();
        Path stub = StubServer.write(root, "lsp");
        Path file = LspServers.write(root.resolve("src/a.stub"), "ok\n");
        try (LspManager m = manager(
                StubServer.config(stub, Duration.ofSeconds(10), Duration.ofSeconds(10)), Duration.ofMinutes(5))) {
            assertThat(m.diagnostics(root, "src/a.stub").errors()).isZero(); // running, a.stub open
            Files.createDirectories(root.resolve("lib/deep"));
            Thread.sleep(300); // the new folder's watch
            // written by someone else, in a folder no open document is in: not opened, but announced
            LspServers.write(root.resolve("lib/deep/b.stub"), "BAD\n");
            assertThat(await(() -> m.diagnostics(root, null).diagnostics().stream()
                                    .anyMatch(d -> d.file().equals("lib/deep/b.stub"))
                            ? true
                            : null))
                    .isTrue();
            assertThat(m.status(root).servers().get(0).openFiles()).isEqualTo(1);
        }
    }

    @Test
    void theTreeWatchIsBoundedAndReportsCreatedFiles() throws Exception {
        Path root = tmp.toRealPath();
        for (int i = 0; i < FileWatch.MAX_TREE_DIRS + 40; i++) Files.createDirectories(root.resolve("d" + i));
        Files.createDirectories(root.resolve("node_modules/x"));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (FileWatch w = new FileWatch((p, change) -> seen.add(change + " " + root.relativize(p)))) {
            w.watchTree(root);
            assertThat(w.watchedDirectories()).isEqualTo(FileWatch.MAX_TREE_DIRS);
        }
        Path small =
                Files.createDirectories(tmp.resolve("small/src")).toRealPath().getParent();
        Files.createDirectories(small.resolve("node_modules"));
        List<String> got = new CopyOnWriteArrayList<>();
        try (FileWatch w = new FileWatch((p, change) -> got.add(change + " " + small.relativize(p)))) {
            w.watchTree(small);
            assertThat(w.watchedDirectories()).isEqualTo(2); // small, src: node_modules skipped
            Files.writeString(small.resolve("src/new.c"), "int x;\n");
            assertThat(await(() -> got.contains("CREATED src/new.c") ? true : null))
                    .isTrue();
            // a folder that appears is watched too, and what was written into it at once is reported
            Files.createDirectories(small.resolve("src/lib"));
            Files.writeString(small.resolve("src/lib/early.c"), "int y;\n");
            assertThat(await(() -> got.contains("CREATED src/lib/early.c") ? true : null))
                    .isTrue();
            Files.writeString(small.resolve("src/lib/later.c"), "int z;\n");
            assertThat(await(() -> got.contains("CREATED src/lib/later.c") ? true : null))
                    .isTrue();
            Files.writeString(small.resolve("node_modules/dep.c"), "int d;\n");
            Thread.sleep(300);
            assertThat(got).noneMatch(s -> s.contains("node_modules"));
        }
    }
}
