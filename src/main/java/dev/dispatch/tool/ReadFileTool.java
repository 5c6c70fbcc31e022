package dev.dispatch.tool;

import dev.dispatch.fs.Content;
import dev.dispatch.fs.NoFollow;
import dev.dispatch.tool.Param.Presence;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * {@code read_file}: a text file with {@code cat -n} style line numbers, a window of it with
 * offset/limit, never more than {@link #MAX_CHARS} characters at once, and never a binary file.
 */
public final class ReadFileTool implements Tool<ReadFileTool.Params> {
    /** A file bigger than this must be read in windows. */
    static final long MAX_WHOLE_BYTES = 256 * 1024;
    /** The most text one call returns, whatever the window. */
    static final int MAX_CHARS = 256 * 1024;

    static final int DEFAULT_LIMIT = 2000;
    /** Longer lines are cut (minified files would flood the context). */
    static final int MAX_LINE = 2000;

    public record Params(
            @Param("file path, relative to the project root") String path,
            @Param(value = "first line to show, 1-based (default 1)", presence = Presence.OPTIONAL) Integer offset,
            @Param(value = "how many lines to show (default " + DEFAULT_LIMIT + ")", presence = Presence.OPTIONAL)
                    Integer limit) {
        public Params {
            if (offset != null && offset < 1)
                throw new IllegalArgumentException("offset must be 1 or more, got " + offset);
            if (limit != null && limit < 1) throw new IllegalArgumentException("limit must be 1 or more, got " + limit);
        }
    }

    @Override
    public String name() {
        return "read_file";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) throws IOException {
        Path file = ToolPaths.readable(ctx, p.path(), "read " + p.path());
        String shown = ToolPaths.shown(ctx, file);
        Optional<BasicFileAttributes> attrs = ToolPaths.attributes(ctx, file);
        if (attrs.isPresent() && attrs.get().isDirectory()) {
            throw new ToolFailure(shown + " is a directory; use list_files to see what it holds");
        }
        if (attrs.isEmpty() || !attrs.get().isRegularFile()) {
            throw new ToolFailure("no such file: " + shown + " (paths are relative to the project root)");
        }
        // what was checked is what is read: opened without following links, verified after opening
        try (NoFollow.OpenFile open = ToolPaths.open(ctx, file)) {
            long size = open.size();
            byte[] head = open.readAll(Content.SNIFF_BYTES);
            if (Content.isBinary(head, size)) {
                throw new ToolFailure(shown + " is a binary file (" + size + " bytes); read_file shows text only");
            }
            if (size > MAX_WHOLE_BYTES && p.offset() == null && p.limit() == null) {
                throw new ToolFailure(shown + " is " + size + " bytes, more than read_file shows at once ("
                        + MAX_WHOLE_BYTES + "); read it in parts with offset and limit, e.g. offset=1 limit=500, or"
                        + " search it with grep");
            }
            int first = p.offset() == null ? 1 : p.offset();
            int limit = p.limit() == null ? DEFAULT_LIMIT : p.limit();
            open.channel().position(0);
            return window(Channels.newInputStream(open.channel()), shown, first, limit);
        }
    }

    private static ToolResult window(InputStream in, String shown, int first, int limit) throws IOException {
        StringBuilder out = new StringBuilder();
        int lineNo = 0;
        int last = first - 1;
        boolean cut = false;
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (lineNo < first) continue;
                if (lineNo >= first + limit || out.length() >= MAX_CHARS) {
                    cut = true;
                    break;
                }
                if (line.length() > MAX_LINE)
                    line = line.substring(0, MAX_LINE) + " [... line cut at " + MAX_LINE + " chars]";
                out.append(String.format("%6d\t%s\n", lineNo, line));
                last = lineNo;
            }
        }
        if (first > 1 && lineNo < first) {
            throw new ToolFailure(shown + " has " + lineNo + " lines; offset " + first + " is past its end");
        }
        if (lineNo == 0) return ToolResult.ok("(" + shown + " is empty)", Map.of("path", shown, "lines", 0));
        if (cut) {
            out.append("[... more lines follow; continue with offset=")
                    .append(last + 1)
                    .append(" ...]\n");
        }
        return ToolResult.ok(
                out.toString(), Map.of("path", shown, "first_line", first, "last_line", last, "truncated", cut));
    }
}
