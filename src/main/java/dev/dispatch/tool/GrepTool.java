package dev.dispatch.tool;

import dev.dispatch.fs.Content;
import dev.dispatch.fs.NoFollow;
import dev.dispatch.tool.Param.Presence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
 * are stable between calls. Files the permission rules deny are neither searched nor shown (a note
 * says how many), and each file is opened without following links.
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
        var attrs = ToolPaths.attributes(ctx, start);
        if (attrs.isEmpty()) throw new ToolFailure("no such file or directory: " + ToolPaths.shown(ctx, start));
        Predicate<String> glob = ListFilesTool.globOf(p.glob());
        int limit = p.limit() == null ? DEFAULT_LIMIT : p.limit();
        try (Search search = new Search(ctx, regex, limit)) {
            if (attrs.get().isRegularFile()) {
                search.file(start);
            } else if (attrs.get().isDirectory()) {
                List<Path> files = new ArrayList<>();
                try {
                    search.withheld = ToolPaths.walk(ctx, start, BasicFileAttributes::isRegularFile, (file, found) -> {
                        if (glob.test(start.relativize(file).toString())) files.add(file);
                        return true;
                    });
                } catch (IOException e) {
                    throw ToolPaths.openFailure(ctx, start, e);
                }
                files.sort(null);
                for (Path file : files) {
                    if (!search.file(file)) break;
                }
            } else {
                throw new ToolFailure(ToolPaths.shown(ctx, start) + " is not a file or directory grep can search");
            }
            return search.result(p.pattern());
        }
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

    /** The running tally of one search; it holds the directory of the last file opened. */
    private static final class Search implements AutoCloseable {
        private final ToolContext ctx;
        private final Pattern regex;
        private final int limit;
        private final StringBuilder out = new StringBuilder();
        private final NoFollow.Opener opener = new NoFollow.Opener();
        private int matches;
        private int skippedLarge;
        private int changed;
        private int withheld;
        private boolean truncated;

        Search(ToolContext ctx, Pattern regex, int limit) {
            this.ctx = ctx;
            this.regex = regex;
            this.limit = limit;
        }

        /** Searches one file (opened as checked: no link followed); false once the limit is reached. */
        boolean file(Path file) throws IOException {
            byte[] bytes;
            try (NoFollow.OpenFile open = opener.open(file)) {
                if (open.size() > MAX_FILE_BYTES) {
                    skippedLarge++;
                    return true;
                }
                bytes = open.readAll((int) MAX_FILE_BYTES);
            } catch (NoFollow.ChangedException | NoSuchFileException | NotDirectoryException e) {
                changed++; // swapped or removed since the walk saw it: not searched
                return true;
            }
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
            if (changed > 0) {
                out.append("[")
                        .append(changed)
                        .append(" file(s) changed or vanished during the search; not searched]\n");
            }
            if (withheld > 0) out.append(ToolPaths.withheldNote(withheld));
            return ToolResult.ok(
                    out.toString(), Map.of("matches", matches, "truncated", truncated, "withheld", withheld));
        }

        @Override
        public void close() throws IOException {
            opener.close();
        }
    }
}
