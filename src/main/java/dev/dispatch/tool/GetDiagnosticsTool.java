package dev.dispatch.tool;

import dev.dispatch.lsp.LspManager;
import dev.dispatch.protocol.LspOps;
import dev.dispatch.tool.Param.Presence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code get_diagnostics}: the errors and warnings the project's language servers report, for one
 * file (opened in its server and waited for) or for every file they know, shared by all agents.
 */
public final class GetDiagnosticsTool implements Tool<GetDiagnosticsTool.Params> {
    /** The most diagnostics one answer lists. */
    static final int MAX_ROWS = 100;

    private final LspManager lsp;

    public GetDiagnosticsTool(LspManager lsp) {
        this.lsp = lsp;
    }

    public record Params(
            @Param(
                            value =
                                    "file path, relative to the project root (default: every file the language servers know)",
                            presence = Presence.OPTIONAL)
                    String path) {}

    @Override
    public String name() {
        return "get_diagnostics";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) throws InterruptedException {
        String file = null;
        if (p.path() != null && !p.path().isBlank()) {
            Path real = ToolPaths.readable(ctx, p.path(), "read diagnostics of " + p.path());
            file = real.toString();
        }
        LspOps.DiagnosticsResult r;
        try {
            r = lsp.diagnostics(ctx.projectRoot(), file);
        } catch (RuntimeException e) {
            throw new ToolFailure(e.getMessage());
        }
        ToolResult result = render(r, ctx);
        // the faces show which agent was shown which error: the rows this answer lists
        List<LspOps.DiagnosticRow> listed = new ArrayList<>();
        for (LspOps.DiagnosticRow d : r.diagnostics()) {
            if (listed.size() == MAX_ROWS) break;
            if (!d.severity().equals("error") && !d.severity().equals("warning")) continue;
            if (ctx.visible(ctx.projectRoot().resolve(d.file()))) listed.add(d);
        }
        lsp.shown(ctx.projectRoot(), ctx.agentId(), listed);
        return result;
    }

    static ToolResult render(LspOps.DiagnosticsResult r, ToolContext ctx) {
        List<LspOps.DiagnosticRow> rows = new ArrayList<>();
        int withheld = 0;
        for (LspOps.DiagnosticRow d : r.diagnostics()) {
            if (!d.severity().equals("error") && !d.severity().equals("warning")) continue;
            if (!ctx.visible(ctx.projectRoot().resolve(d.file()))) withheld++;
            else rows.add(d);
        }
        StringBuilder out = new StringBuilder();
        if (rows.isEmpty()) out.append("no errors or warnings");
        for (int i = 0; i < Math.min(rows.size(), MAX_ROWS); i++) {
            LspOps.DiagnosticRow d = rows.get(i);
            out.append(d.file())
                    .append(':')
                    .append(d.line())
                    .append(':')
                    .append(d.column())
                    .append(' ')
                    .append(d.severity())
                    .append(' ')
                    .append(d.code() == null ? "" : d.code() + ": ")
                    .append(d.message().strip().replaceAll("\\s*\\n\\s*", " "))
                    .append(d.source() == null ? "" : " (" + d.source() + ")")
                    .append('\n');
        }
        if (rows.size() > MAX_ROWS)
            out.append("[... ").append(rows.size() - MAX_ROWS).append(" more; ask for one file]\n");
        if (withheld > 0) out.append(ToolPaths.withheldNote(withheld)).append('\n');
        for (String note : r.notes()) out.append("note: ").append(note).append('\n');
        return ToolResult.ok(out.toString().strip(), Map.of("errors", r.errors(), "warnings", r.warnings()));
    }
}
