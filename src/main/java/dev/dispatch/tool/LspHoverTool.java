package dev.dispatch.tool;

import dev.dispatch.lsp.LspManager;
import java.nio.file.Path;

/** {@code lsp_hover}: the language server's hover answer for the symbol at a 1-based line and column. */
public final class LspHoverTool implements Tool<LspHoverTool.Params> {
    private final LspManager lsp;

    public LspHoverTool(LspManager lsp) {
        this.lsp = lsp;
    }

    public record Params(
            @Param("file path, relative to the project root") String path,
            @Param("line of the symbol, 1-based as read_file numbers lines") Integer line,
            @Param("column of the symbol in that line, 1-based") Integer column) {
        public Params {
            if (line < 1) throw new IllegalArgumentException("line must be 1 or more, got " + line);
            if (column < 1) throw new IllegalArgumentException("column must be 1 or more, got " + column);
        }
    }

    @Override
    public String name() {
        return "lsp_hover";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) throws InterruptedException {
        Path file = ToolPaths.readable(ctx, p.path(), "ask the language server about " + p.path());
        try {
            return ToolResult.ok(lsp.navigator(ctx.projectRoot(), ctx::visible).hover(file, p.line(), p.column()));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ToolFailure(e.getMessage());
        }
    }
}
