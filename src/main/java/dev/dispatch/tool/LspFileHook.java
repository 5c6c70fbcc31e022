package dev.dispatch.tool;

import dev.dispatch.lsp.EditReport;
import dev.dispatch.lsp.LspManager;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The language servers' side of the file tools: a file an agent read is opened in its server, and
 * an edit's result carries what the edit changed in the file's errors and warnings.
 */
public final class LspFileHook implements FileHook {
    private final LspManager lsp;

    public LspFileHook(LspManager lsp) {
        this.lsp = lsp;
    }

    @Override
    public void read(ToolContext ctx, Path file) {
        lsp.opened(ctx.projectRoot(), file);
    }

    @Override
    public Optional<Note> wrote(ToolContext ctx, Path file) throws InterruptedException {
        Optional<EditReport> report = lsp.afterWrite(ctx.projectRoot(), file, ctx.agentId());
        return report.map(r -> new Note(
                r.text(),
                Map.of(
                        "diagnostics_new",
                        r.added(),
                        "diagnostics_resolved",
                        r.resolved(),
                        "errors",
                        r.errors(),
                        "warnings",
                        r.warnings())));
    }
}
