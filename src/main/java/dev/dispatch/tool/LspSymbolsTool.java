package dev.dispatch.tool;

import dev.dispatch.lsp.LspManager;

/** {@code lsp_symbols}: where functions, types and variables whose name contains a text are defined. */
public final class LspSymbolsTool implements Tool<LspSymbolsTool.Params> {
    private final LspManager lsp;

    public LspSymbolsTool(LspManager lsp) {
        this.lsp = lsp;
    }

    public record Params(@Param("text the symbol's name contains (case-insensitive)") String query) {
        public Params {
            if (query.isBlank()) throw new IllegalArgumentException("query is empty; give part of a symbol's name");
        }
    }

    @Override
    public String name() {
        return "lsp_symbols";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) throws InterruptedException {
        try {
            return ToolResult.ok(lsp.navigator(ctx.projectRoot(), ctx::visible).symbols(p.query()));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ToolFailure(e.getMessage());
        }
    }
}
