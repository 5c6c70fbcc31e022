package dev.dispatch.tool;

import dev.dispatch.fs.Content;
import dev.dispatch.fs.NoFollow;
import dev.dispatch.tool.Param.Presence;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code edit_file}: replaces an exact snippet. The snippet must occur exactly once (or every
 * occurrence is replaced with {@code replace_all}); when it does not occur, the error quotes the
 * file's closest region with line numbers so the model can correct its {@code old_string}.
 */
public final class EditFileTool implements Tool<EditFileTool.Params> {
    /** Bigger files are not loaded whole into memory to edit. */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    public record Params(
            @Param("file path, relative to the project root") String path,
            @Param("the exact text to replace, including whitespace and indentation") String oldString,
            @Param("the text to put in its place") String newString,
            @Param(
                            value = "replace every occurrence instead of requiring exactly one (default false)",
                            presence = Presence.OPTIONAL)
                    Boolean replaceAll) {
        public Params {
            if (oldString.isEmpty())
                throw new IllegalArgumentException("old_string is empty; to create a file use write_file");
            if (oldString.equals(newString))
                throw new IllegalArgumentException("old_string and new_string are the same; nothing would change");
        }
    }

    @Override
    public String name() {
        return "edit_file";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public ToolResult run(Params p, ToolContext ctx) throws IOException {
        Path file = ToolPaths.writable(ctx, p.path(), "edit " + p.path());
        String shown = ToolPaths.shown(ctx, file);
        var attrs = ToolPaths.attributes(ctx, file);
        if (attrs.isEmpty() || !attrs.get().isRegularFile()) {
            throw new ToolFailure("no such file: " + shown + "; create it with write_file");
        }
        byte[] bytes;
        try (NoFollow.OpenFile open = ToolPaths.open(ctx, file)) {
            if (open.size() > MAX_BYTES) {
                throw new ToolFailure(shown + " is " + open.size() + " bytes; edit_file changes files up to "
                        + MAX_BYTES + " bytes (use run_shell with sed for bigger ones)");
            }
            bytes = open.readAll(MAX_BYTES);
        }
        if (Content.isBinary(Arrays.copyOf(bytes, Math.min(bytes.length, Content.SNIFF_BYTES)), bytes.length)) {
            throw new ToolFailure(shown + " is a binary file; edit_file changes text only");
        }
        String text;
        try {
            text = Content.decode(bytes);
        } catch (CharacterCodingException e) {
            throw new ToolFailure(shown + " is not valid UTF-8; edit_file changes UTF-8 text only");
        }
        List<Integer> at = occurrences(text, p.oldString());
        if (at.isEmpty()) throw new ToolFailure(noMatch(shown, text, p.oldString()));
        boolean all = Boolean.TRUE.equals(p.replaceAll());
        if (at.size() > 1 && !all) {
            throw new ToolFailure("old_string occurs " + at.size() + " times in " + shown + " (lines " + lines(text, at)
                    + "); include more surrounding lines to make it unique, or set replace_all to change every one");
        }
        String updated = all
                ? text.replace(p.oldString(), p.newString())
                : text.substring(0, at.get(0))
                        + p.newString()
                        + text.substring(at.get(0) + p.oldString().length());
        WriteFileTool.write(ctx, file, updated.getBytes(StandardCharsets.UTF_8));
        int line = lineOf(text, at.get(0));
        var meta = new java.util.HashMap<String, Object>(
                Map.of("path", shown, "replacements", at.size(), "first_line", line));
        String diff = FileDiff.unified(shown, text, updated); // every occurrence, for the faces
        if (diff != null) meta.put(FileDiff.KEY, diff);
        return ToolResult.ok(
                "replaced " + at.size() + (at.size() == 1 ? " occurrence" : " occurrences") + " in " + shown
                        + " (first at line " + line + ")",
                meta);
    }

    private static List<Integer> occurrences(String text, String snippet) {
        List<Integer> at = new ArrayList<>();
        for (int i = text.indexOf(snippet); i >= 0; i = text.indexOf(snippet, i + snippet.length())) at.add(i);
        return at;
    }

    private static String noMatch(String shown, String text, String wanted) {
        String[] fileLines = text.split("\n", -1);
        ClosestMatch.Region region = ClosestMatch.find(fileLines, wanted.split("\n", -1));
        StringBuilder out =
                new StringBuilder("old_string was not found in ").append(shown).append('.');
        if (region == null || region.similarity() < 0.3) {
            return out.append(" Nothing in the file resembles it; read the file again with read_file.")
                    .toString();
        }
        out.append(String.format(
                " The closest region is lines %d-%d (%d%% similar); copy old_string from it exactly:\n",
                region.first(), region.last(), Math.round(region.similarity() * 100)));
        for (int n = region.first(); n <= region.last(); n++) {
            out.append(String.format("%6d\t%s\n", n, fileLines[n - 1]));
        }
        return out.toString();
    }

    private static String lines(String text, List<Integer> at) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(at.size(), 10); i++) shown.add(String.valueOf(lineOf(text, at.get(i))));
        return String.join(", ", shown) + (at.size() > 10 ? ", ..." : "");
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) if (text.charAt(i) == '\n') line++;
        return line;
    }
}
