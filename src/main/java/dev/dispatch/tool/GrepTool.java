package dev.dispatch.tool;

import dev.dispatch.fs.Content;
import dev.dispatch.fs.FileWalk;
import dev.dispatch.tool.Param.Presence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code grep}: a Java regex over the project's text files ({@code path:line: text}), .gitignore
 * honoured, binaries and symlinks skipped, capped. Files are checked in path order, so results
 * are stable between calls.
 */
public final class GrepTool implements Tool<GrepTool.Params> {
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 2000;
    /** Files bigger than this are skipped (generated or data files; a note says how many). */
    static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    static final int MAX_LINE = 300;

    public record Params(
            @Param("regular expression (Java syntax) to search for, e.g. class\\s+\\w+Tool") String pattern,
            @Param(
                            value = "file or directory to search, relative to the project root (default: the root)",
                            presence = Presence.OPTIONAL)
                    String path,
            @Param(
                            value = "only search files whose path matches this glob, e.g. **/*.java or *.md",
                            presence = Presence.OPTIONAL)
                    String glob,
            @Param(value = "match case-insensitively (default false)", presence = Presence.OPTIONAL) Boolean ignoreCase,
            @Param(
                            value = "most matching lines to return (default " + DEFAULT_LIMIT + ", max " + MAX_LIMIT
                                    + ")",
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
        return "grep";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) throws IOException {
        Pattern regex = compile(p);
        String given = p.path() == null || p.path().isBlank() ? "." : p.path();
        Path start = ToolPaths.readable(ctx, given, "search " + given);
        if (!Files.exists(start)) throw new ToolFailure("no such file or directory: " + ToolPaths.shown(ctx, start));
        Predicate<String> glob = ListFilesTool.globOf(p.glob());
        int limit = p.limit() == null ? DEFAULT_LIMIT : p.limit();
        Search search = new Search(ctx, regex, limit);
        if (Files.isRegularFile(start)) {
            search.file(start);
        } else {
            List<Path> files = new ArrayList<>();
            FileWalk.walk(ctx.projectRoot(), start, (file, attrs) -> {
                if (attrs.isRegularFile() && glob.test(start.relativize(file).toString())) files.add(file);
                return true;
            });
            files.sort(null);
            for (Path file : files) {
                if (!search.file(file)) break;
            }
        }
        return search.result(p.pattern());
    }

    private static Pattern compile(Params p) {
        try {
            int flags = Boolean.TRUE.equals(p.ignoreCase()) ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
            return Pattern.compile(p.pattern(), flags);
        } catch (PatternSyntaxException e) {
            throw new ToolFailure(
                    "invalid regex '" + p.pattern() + "': " + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /** The running tally of one search. */
    private static final class Search {
        private final ToolContext ctx;
        private final Pattern regex;
        private final int limit;
        private final StringBuilder out = new StringBuilder();
        private int matches;
        private int skippedLarge;
        private boolean truncated;

        Search(ToolContext ctx, Pattern regex, int limit) {
            this.ctx = ctx;
            this.regex = regex;
            this.limit = limit;
        }

        /** Searches one file; false once the limit is reached. */
        boolean file(Path file) throws IOException {
            if (Files.size(file) > MAX_FILE_BYTES) {
                skippedLarge++;
                return true;
            }
            byte[] bytes = Files.readAllBytes(file);
            if (Content.isBinary(
                    java.util.Arrays.copyOf(bytes, Math.min(bytes.length, Content.SNIFF_BYTES)), bytes.length)) {
                return true;
            }
            String shown = ToolPaths.shown(ctx, file);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1);
            Matcher m = regex.matcher("");
            for (int i = 0; i < lines.length; i++) {
                if (!m.reset(lines[i]).find()) continue;
                if (matches == limit) {
                    truncated = true;
                    return false;
                }
                matches++;
                String line = lines[i].length() > MAX_LINE ? lines[i].substring(0, MAX_LINE) + " [...]" : lines[i];
                out.append(shown)
                        .append(':')
                        .append(i + 1)
                        .append(": ")
                        .append(line)
                        .append('\n');
            }
            return true;
        }

        ToolResult result(String pattern) {
            if (matches == 0) out.append("no matches for ").append(pattern).append('\n');
            if (truncated) {
                out.append("[... stopped after ")
                        .append(limit)
                        .append(" matching lines; narrow with path, glob or a more specific pattern ...]\n");
            }
            if (skippedLarge > 0) {
                out.append("[")
                        .append(skippedLarge)
                        .append(" file(s) over ")
                        .append(MAX_FILE_BYTES)
                        .append(" bytes skipped]\n");
            }
            return ToolResult.ok(out.toString(), Map.of("matches", matches, "truncated", truncated));
        }
    }
}
