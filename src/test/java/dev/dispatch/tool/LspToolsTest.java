package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.LspConfig;
import dev.dispatch.lsp.LspManager;
import dev.dispatch.lsp.LspServers;
import dev.dispatch.lsp.StubServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LSP tools and the file hook through the registry, as agents call them: an edit's result carries
 * the diagnostics change, get_diagnostics checks the path like read_file, bad arguments and the
 * toggles are answered in words, a file no server serves gets no note.
 */
class LspToolsTest {
    @TempDir
    Path tmp;

    /** The stub server lives outside the workspace fixture's snapshot. */
    @TempDir
    Path bin;

    private ToolRegistry registry(LspManager lsp) {
        return ToolRegistry.standardWith(List.of(
                        new GetDiagnosticsTool(lsp),
                        new GetDiagnosticsSummaryTool(lsp),
                        LspPositionTool.definition(lsp),
                        LspPositionTool.references(lsp),
                        LspPositionTool.hover(lsp),
                        new LspSymbolsTool(lsp)))
                .withFileHook(new LspFileHook(lsp));
    }

    @Test
    void editsCarryTheirDiagnosticsAndTheToolsCheckPaths() throws Exception {
        Workspace ws = new Workspace(tmp);
        Path stub = StubServer.write(bin, "lsp");
        LspConfig c = StubServer.config(stub, Duration.ofSeconds(10), Duration.ofSeconds(10));
        try (LspManager lsp = new LspManager(r -> c, LspServers.env(), e -> {})) {
            ToolRegistry tools = registry(lsp);
            ToolResult wrote = tools.call("write_file", "{\"path\":\"a.stub\",\"content\":\"ok\\nBAD\\n\"}", ws.ctx);
            assertThat(wrote.isError()).isFalse();
            assertThat(wrote.text())
                    .startsWith("created a.stub")
                    .contains("diagnostics for a.stub: 1 new, 0 resolved; now 1 error, 0 warnings")
                    .contains("new: a.stub:2:1 error BAD number 0 (stub)");
            assertThat(wrote.metadata()).containsEntry("errors", 1).containsEntry("diagnostics_new", 1);

            ToolResult one = tools.call("get_diagnostics", "{\"path\":\"a.stub\"}", ws.ctx);
            assertThat(one.text()).isEqualTo("a.stub:2:1 error BAD number 0 (stub)");
            assertThat(tools.call("get_diagnostics_summary", "{}", ws.ctx).text())
                    .startsWith("1 error, 0 warnings in 1 file")
                    .contains("a.stub: 1 errors, 0 warnings");
            ToolResult outside = tools.call("get_diagnostics", "{\"path\":\"../../../outside/secret.txt\"}", ws.ctx);
            assertThat(outside.isError()).isTrue();
            assertThat(outside.text()).doesNotContain("top secret");

            ToolResult fixed = tools.call(
                    "edit_file", "{\"path\":\"a.stub\",\"old_string\":\"BAD\",\"new_string\":\"good\"}", ws.ctx);
            assertThat(fixed.text())
                    .contains("0 new, 1 resolved; now 0 errors, 0 warnings")
                    .contains("resolved: error BAD number 0 (stub)");

            ToolResult plain = tools.call("write_file", "{\"path\":\"notes.txt\",\"content\":\"x\"}", ws.ctx);
            assertThat(plain.text()).doesNotContain("diagnostics");
            ToolResult bad = tools.call("lsp_definition", "{\"path\":\"a.stub\",\"line\":0,\"column\":1}", ws.ctx);
            assertThat(bad.isError()).isTrue();
            assertThat(bad.text()).contains("line must be 1 or more, got 0");
            assertThat(tools.call("lsp_symbols", "{\"query\":\" \"}", ws.ctx).text())
                    .contains("query is empty");
            ws.assertNothingOutsideChanged();
        }
    }

    @Test
    void theDiagnosticsHalfCanBeTurnedOffAlone() throws Exception {
        Workspace ws = new Workspace(tmp);
        Path stub = StubServer.write(bin, "lsp");
        LspConfig on = StubServer.config(stub, Duration.ofSeconds(10), Duration.ofSeconds(10));
        LspConfig off = new LspConfig(true, false, true, on.diagnosticsTimeout(), on.startTimeout(), on.servers());
        try (LspManager lsp = new LspManager(r -> off, LspServers.env(), e -> {})) {
            ToolRegistry tools = registry(lsp);
            ToolResult wrote = tools.call("write_file", "{\"path\":\"a.stub\",\"content\":\"BAD\\n\"}", ws.ctx);
            assertThat(wrote.text()).isEqualTo("created a.stub (4 bytes)");
            // get_diagnostics still answers: only the edit results are quiet
            assertThat(tools.call("get_diagnostics", "{\"path\":\"a.stub\"}", ws.ctx)
                            .text())
                    .contains("a.stub:1:1 error BAD number 0");
        }
    }
}
