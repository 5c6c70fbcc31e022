package dev.dispatch.tool;

import dev.dispatch.fs.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code write_file}: creates or replaces a whole file atomically, creating missing parent
 * directories; the file goes into the directory that was checked, whatever links change meanwhile.
 */
public final class WriteFileTool implements Tool<WriteFileTool.Params> {
    public record Params(
            @Param("file path, relative to the project root") String path,
            @Param("the complete new content of the file") String content) {}

    @Override
    public String name() {
        return "write_file";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) throws IOException {
        Path file = ToolPaths.writable(ctx, p.path(), "write " + p.path());
        String shown = ToolPaths.shown(ctx, file);
        var attrs = ToolPaths.attributes(ctx, file);
        if (attrs.isPresent() && attrs.get().isDirectory())
            throw new ToolFailure(shown + " is a directory; give a file path");
        byte[] bytes = p.content().getBytes(StandardCharsets.UTF_8);
        String before = attrs.isPresent() ? FileDiff.textBefore(file) : null; // the faces' diff of a replaced file
        boolean existed = write(ctx, file, bytes);
        String verb = existed ? "replaced" : "created";
        var meta = new java.util.HashMap<String, Object>(
                Map.of("path", shown, "bytes", bytes.length, "created", !existed));
        String diff = existed && before == null ? null : FileDiff.unified(shown, existed ? before : null, p.content());
        if (diff != null) meta.put(FileDiff.KEY, diff);
        return ToolResult.ok(verb + " " + shown + " (" + bytes.length + " bytes)", meta);
    }

    /** Writes the checked real path atomically, in the checked directory, following no link. */
    static boolean write(ToolContext ctx, Path file, byte[] bytes) {
        try {
            return AtomicFiles.writeNoFollow(file, bytes);
        } catch (IOException e) {
            throw ToolPaths.openFailure(ctx, file, e);
        }
    }
}
