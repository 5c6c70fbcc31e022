package dev.dispatch.tool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One capability the model can call. Each tool is one class plus a description resource beside it
 * ({@code dev/dispatch/tool/<name>.md}); its parameters are a record whose JSON schema
 * {@link ParamSchema} derives. Tools ask {@link ToolContext#ask} before touching anything and return
 * a {@link ToolResult}; a problem the model can fix is an error result, not an exception.
 */
public interface Tool<P extends Record> {
    /** The name the model calls, snake_case ({@code read_file}). */
    String name();

    /** The parameters record; its components become the JSON schema's properties. */
    Class<P> paramsType();

    /**
     * Runs the tool. May throw {@link ToolFailure} for a clear error the model should see;
     * {@link ToolRegistry#call} turns it (and any other exception) into an error result.
     */
    ToolResult run(P params, ToolContext ctx) throws IOException, InterruptedException;

    /** The model-facing description, read from {@code <name>.md} next to the tool classes. */
    default String description() {
        String resource = name() + ".md";
        try (InputStream in = Tool.class.getResourceAsStream(resource)) {
            if (in == null)
                throw new IllegalStateException("tool " + name() + " has no description resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
