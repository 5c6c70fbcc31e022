package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.shell.ProcessProbe;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunShellToolTest {
    @TempDir
    Path tmp;

    Workspace ws;

    @BeforeEach
    void setUp() throws Exception {
        ws = new Workspace(tmp);
    }

    @Test
    void runsInTheRootAndStreamsOutput() throws Exception {
        ws.write("sub/f.txt", "");
        ToolResult r = ws.call("run_shell", "{\"command\":\"pwd; ls; echo oops >&2\"}");
        assertThat(r.isError()).isFalse();
        assertThat(r.text()).isEqualTo("exit code 0\n" + ws.root + "\nsub\n[stderr]\noops\n");
        assertThat(ws.streamed).contains(new ToolOutput(ToolOutput.Stream.STDERR, "oops\n"));
        assertThat(String.join(
                        "",
                        ws.streamed.stream()
                                .filter(o -> o.stream() == ToolOutput.Stream.STDOUT)
                                .map(ToolOutput::chunk)
                                .toList()))
                .isEqualTo(ws.root + "\nsub\n");
        assertThat(r.metadata()).containsEntry("exit_code", 0).containsEntry("ending", "exited");
    }

    @Test
    void mvnVersionStyleCommandStreamsFromASubdirectory() throws Exception {
        ws.write("mod/pom.xml", "<project/>");
        ToolResult r = ws.call("run_shell", "{\"command\":\"bash --version | head -1; ls\",\"cwd\":\"mod\"}");
        assertThat(r.text()).startsWith("exit code 0\nGNU bash, version ").endsWith("pom.xml\n");
        assertThat(ws.streamed).isNotEmpty();
    }

    @Test
    void nonZeroExitIsReportedAsAnError() throws Exception {
        ToolResult r = ws.call("run_shell", "{\"command\":\"echo bad >&2; exit 7\"}");
        assertThat(r.isError()).isTrue();
        assertThat(r.text()).isEqualTo("exit code 7\n[stderr]\nbad\n");
        assertThat(r.metadata()).containsEntry("exit_code", 7);
    }

    @Test
    void timeoutKillsTheSleepTree() throws Exception {
        CompletableFuture<ToolResult> call = CompletableFuture.supplyAsync(
                () -> call("{\"command\":\"sleep 1000 & sleep 1000\",\"timeout_seconds\":2}"));
        List<ProcessHandle> sleeps = sleepsUnder(ws.root);
        ToolResult r = call.get(120, TimeUnit.SECONDS);
        assertThat(r.isError()).isTrue();
        assertThat(r.text()).startsWith("timed out after 2 s; the command and its child processes were killed");
        assertThat(ProcessProbe.eventually(() -> sleeps.stream().noneMatch(ProcessProbe::running)))
                .isTrue();
    }

    @Test
    void cancelKillsTheSleepTree() throws Exception {
        CompletableFuture<ToolResult> call =
                CompletableFuture.supplyAsync(() -> call("{\"command\":\"sleep 1000 & sleep 1000\"}"));
        List<ProcessHandle> sleeps;
        try {
            sleeps = sleepsUnder(ws.root);
        } finally {
            ws.cancellation.cancel();
        }
        ToolResult r = call.get(120, TimeUnit.SECONDS);
        assertThat(r.text()).startsWith("cancelled; the command and its child processes were killed");
        assertThat(r.metadata()).containsEntry("ending", "cancelled");
        assertThat(ProcessProbe.eventually(() -> sleeps.stream().noneMatch(ProcessProbe::running)))
                .isTrue();
    }

    @Test
    void childEnvironmentHasNoKeysOrTokens() throws Exception {
        Map<String, String> parent = Map.of(
                "PATH", System.getenv("PATH"),
                "ANTHROPIC_API_KEY", "sk-ant-canary",
                "DISPATCH_AGENT_TOKEN", "dsp-canary",
                "VISIBLE", "yes");
        var tools = ToolRegistry.of(List.of(new RunShellTool(parent, List.of("configured-canary"))));
        ToolResult r = tools.call("run_shell", "{\"command\":\"env\"}", ws.ctx);
        assertThat(r.text())
                .contains("VISIBLE=yes")
                .doesNotContain("canary")
                .doesNotContain("ANTHROPIC_API_KEY")
                .doesNotContain("DISPATCH_AGENT_TOKEN");
    }

    @Test
    void longOutputIsCutWithAVisibleMarker() throws Exception {
        ToolResult r = ws.call("run_shell", "{\"command\":\"seq 1 100000\"}");
        assertThat(r.text())
                .startsWith("exit code 0\n1\n2\n")
                .contains(" bytes truncated ...]")
                .endsWith("99999\n100000\n");
        assertThat(r.metadata()).containsEntry("truncated", true);
    }

    @Test
    void cwdOutsideTheRootIsRefusedBeforeAnythingRuns() throws Exception {
        Path marker = ws.outside.resolve("ran");
        ToolResult r = ws.call("run_shell", "{\"command\":\"touch ran\",\"cwd\":\"../../../outside\"}");
        assertThat(r.isError()).isTrue();
        assertThat(r.text()).startsWith("permission denied: ").contains("outside the project root");
        assertThat(marker).doesNotExist();
        assertThat(ws.call("run_shell", "{\"command\":\"true\",\"cwd\":\"nope\"}")
                        .text())
                .isEqualTo("cwd nope is not a directory in the project");
        assertThat(ws.call("run_shell", "{\"command\":\"true\",\"timeout_seconds\":601}")
                        .text())
                .contains("timeout_seconds must be between 1 and 600, got 601");
        ws.assertNothingOutsideChanged();
    }

    private ToolResult call(String json) {
        try {
            return ws.call("run_shell", json);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The two sleeps the command started, found by their working directory (unique to this test). */
    private static List<ProcessHandle> sleepsUnder(Path cwd) throws Exception {
        List<ProcessHandle> found = List.of();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            found = ProcessHandle.allProcesses()
                    .filter(h ->
                            h.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
                    .filter(ProcessProbe::running)
                    .filter(h -> cwdOf(h).equals(cwd))
                    .toList();
            if (found.size() >= 2) return found;
            Thread.sleep(20);
        }
        throw new AssertionError("expected 2 sleeps in " + cwd + ", saw " + found);
    }

    private static Path cwdOf(ProcessHandle h) {
        try {
            return java.nio.file.Files.readSymbolicLink(Path.of("/proc", String.valueOf(h.pid()), "cwd"));
        } catch (java.io.IOException e) {
            return Path.of("/");
        }
    }
}
