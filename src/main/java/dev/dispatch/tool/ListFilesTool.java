package dev.dispatch.tool;

import dev.dispatch.fs.FileWalk;
import dev.dispatch.tool.Param.Presence;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;

/**
 * {@code list_files}: the project's files under a directory, filtered by a glob, sorted, capped,
 * .gitignore honoured; entries the permission rules deny are withheld (a note says how many).
 */
public final class ListFilesTool implements Tool<ListFilesTool.Params> {
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;
    /** The walk stops here even when counting past the limit: the note then says "more than". */
    static final int MAX_SCANNED = 200_000;

    public record Params(
            @Param(
                            value = "directory to list, relative to the project root (default: the root)",
                            presence = Presence.OPTIONAL)
                    String path,
            @Param(
                            value = "glob over paths relative to that directory, e.g. **/*.java or src/*.md;"
                                    + " a pattern without / matches file names at any depth",
                            presence = Presence.OPTIONAL)
                    String glob,
            @Param(
                            value = "most paths to return (default " + DEFAULT_LIMIT + ", max " + MAX_LIMIT + ")",
                            presence = Presence.OPTIONAL)
                    Integer limit) {
        public Params {
            if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
                throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
            }
        }
    }

    @Override
    public String name() {
        return "list_files";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) throws IOException {
        String given = p.path() == null || p.path().isBlank() ? "." : p.path();
        Path dir = ToolPaths.readable(ctx, given, "list files in " + given);
        String shownDir = ToolPaths.shown(ctx, dir);
        var attrs = ToolPaths.attributes(ctx, dir);
        if (attrs.isEmpty() || !attrs.get().isDirectory()) throw new ToolFailure("no such directory: " + shownDir);
        Predicate<String> glob = globOf(p.glob());
        List<String> found = new ArrayList<>();
        int withheld;
        try {
            withheld = ToolPaths.walk(ctx, dir, entry -> true, (file, entry) -> {
                String relative = dir.relativize(file).toString();
                if (glob.test(relative)) found.add(relative);
                return found.size() < MAX_SCANNED;
            });
        } catch (IOException e) {
            throw ToolPaths.openFailure(ctx, dir, e);
        }
        Collections.sort(found);
        int limit = p.limit() == null ? DEFAULT_LIMIT : p.limit();
        List<String> shown = found.subList(0, Math.min(limit, found.size()));
        StringBuilder out = new StringBuilder();
        if (found.isEmpty()) {
            out.append("no files")
                    .append(p.glob() == null ? "" : " match " + p.glob())
                    .append(" in ")
                    .append(shownDir);
        }
        for (String f : shown) out.append(f).append('\n');
        boolean truncated = found.size() > shown.size();
        if (truncated) {
            String total = found.size() >= MAX_SCANNED ? "more than " + MAX_SCANNED : String.valueOf(found.size());
            out.append("[... showing the first ")
                    .append(shown.size())
                    .append(" of ")
                    .append(total)
                    .append(" files; narrow with path or glob ...]\n");
        }
        if (withheld > 0) {
            if (found.isEmpty()) out.append('\n');
            out.append(ToolPaths.withheldNote(withheld));
        }
        return ToolResult.ok(
                out.toString(),
                Map.of("path", shownDir, "count", found.size(), "truncated", truncated, "withheld", withheld));
    }

    static Predicate<String> globOf(String glob) {
        try {
            return FileWalk.glob(glob);
        } catch (PatternSyntaxException e) {
            throw new ToolFailure("invalid glob '" + glob + "': " + e.getDescription());
        }
    }
}
