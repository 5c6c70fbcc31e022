package dev.dispatch.tool;

import dev.dispatch.lsp.LspManager;
import dev.dispatch.protocol.LspOps;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code get_diagnostics_summary}: how many errors and warnings each file has across the project,
 * as the language servers see it now: a cheap look before asking {@code get_diagnostics} for one file.
 */
public final class GetDiagnosticsSummaryTool implements Tool<GetDiagnosticsSummaryTool.Params> {
    private final LspManager lsp;

    public GetDiagnosticsSummaryTool(LspManager lsp) {
        this.lsp = lsp;
    }

    public record Params() {}

    @Override
    public String name() {
        return "get_diagnostics_summary";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) throws InterruptedException {
        LspOps.DiagnosticsResult r;
        try {
            r = lsp.diagnostics(ctx.projectRoot(), null);
        } catch (RuntimeException e) {
            throw new ToolFailure(e.getMessage());
        }
        Map<String, int[]> byFile = new TreeMap<>();
        int errors = 0;
        int warnings = 0;
        for (LspOps.DiagnosticRow d : r.diagnostics()) {
            boolean error = d.severity().equals("error");
            if (!error && !d.severity().equals("warning")) continue;
            if (!ctx.visible(ctx.projectRoot().resolve(d.file()))) continue;
            int[] c = byFile.computeIfAbsent(d.file(), f -> new int[2]);
            c[error ? 0 : 1]++;
            if (error) errors++;
            else warnings++;
        }
        StringBuilder out = new StringBuilder()
                .append(errors)
                .append(errors == 1 ? " error, " : " errors, ")
                .append(warnings)
                .append(warnings == 1 ? " warning" : " warnings")
                .append(" in ")
                .append(byFile.size())
                .append(byFile.size() == 1 ? " file" : " files")
                .append('\n');
        byFile.forEach((file, c) -> out.append("  ")
                .append(file)
                .append(": ")
                .append(c[0])
                .append(" errors, ")
                .append(c[1])
                .append(" warnings\n"));
        for (String note : r.notes()) out.append("note: ").append(note).append('\n');
        return ToolResult.ok(out.toString().strip(), Map.of("errors", errors, "warnings", warnings));
    }
}
