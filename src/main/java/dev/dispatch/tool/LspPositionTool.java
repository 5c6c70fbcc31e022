package dev.dispatch.tool;

import dev.dispatch.lsp.LspManager;
import java.nio.file.Path;

/**
 * The language server's answer about the symbol at a 1-based line and column: {@code lsp_definition},
 * {@code lsp_references} and {@code lsp_hover} are one tool each, differing only in the question asked.
 */
public final class LspPositionTool implements Tool<LspPositionTool.Params> {
    /** One of the navigator's questions about a position. */
    @FunctionalInterface
    interface Question {
        String ask(LspManager.Navigator n, Path file, int line, int column) throws InterruptedException;
    }

    private final LspManager lsp;
    private final String name;
    private final Question question;

    private LspPositionTool(LspManager lsp, String name, Question question) {
        this.lsp = lsp;
        this.name = name;
        this.question = question;
    }

    public static LspPositionTool definition(LspManager lsp) {
        return new LspPositionTool(lsp, "lsp_definition", LspManager.Navigator::definition);
    }

    public static LspPositionTool references(LspManager lsp) {
        return new LspPositionTool(lsp, "lsp_references", LspManager.Navigator::references);
    }

    public static LspPositionTool hover(LspManager lsp) {
        return new LspPositionTool(lsp, "lsp_hover", LspManager.Navigator::hover);
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
        return name;
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) throws InterruptedException {
        Path file = ToolPaths.readable(ctx, p.path(), "ask the language server about " + p.path());
        try {
            return ToolResult.ok(
                    question.ask(lsp.navigator(ctx.projectRoot(), ctx::visible), file, p.line(), p.column()));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ToolFailure(e.getMessage());
        }
    }
}
