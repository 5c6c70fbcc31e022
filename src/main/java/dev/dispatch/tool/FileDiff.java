package dev.dispatch.tool;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.dispatch.fs.Content;
import dev.dispatch.fs.NoFollow;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The unified diff (three lines of context) a write_file or edit_file call made, computed by the tool
 * from the text it replaced and the text it wrote, and sent to the faces beside the result (metadata
 * {@value #KEY}); the model reads the short result only. A face cannot compute it afterwards: the
 * previous content is gone, and an edit with {@code replace_all} changes places the arguments do not
 * say. Null when there is nothing sensible to show (binary or huge files, an oversized diff).
 */
final class FileDiff {
    /** The metadata key the diff travels under, to ToolCallFinished. */
    static final String KEY = "diff";
    /** Files bigger than this are not read again to diff (edit_file's own limit). */
    static final int MAX_BYTES = 4 * 1024 * 1024;
    /** A longer diff is not sent (a face shows the result alone). */
    static final int MAX_CHARS = 1024 * 1024;

    private static final int MAX_LINES = 50_000;

    private FileDiff() {}

    /** {@code path}'s current text when it is a regular UTF-8 text file within the limit; else null. */
    static String textBefore(Path real) {
        try (NoFollow.OpenFile open = NoFollow.openRegular(real)) {
            if (open.size() > MAX_BYTES) return null;
            byte[] bytes = open.readAll(MAX_BYTES);
            if (Content.isBinary(Arrays.copyOf(bytes, Math.min(bytes.length, Content.SNIFF_BYTES)), bytes.length))
                return null;
            return Content.decode(bytes);
        } catch (CharacterCodingException e) {
            return null;
        } catch (java.io.IOException | RuntimeException e) {
            return null; // absent, not a regular file, unreadable: no diff, the write goes on as it did
        }
    }

    /** The hunks turning {@code before} (null: a new file) into {@code after}; null when too big. */
    static String unified(String shown, String before, String after) {
        if (after == null) return null;
        List<String> a = before == null ? List.of() : lines(before);
        List<String> b = lines(after);
        if (a.size() > MAX_LINES || b.size() > MAX_LINES) return null;
        List<String> patch = UnifiedDiffUtils.generateUnifiedDiff(
                before == null ? "/dev/null" : "a/" + shown, "b/" + shown, a, DiffUtils.diff(a, b), 3);
        StringBuilder out = new StringBuilder();
        for (String l : patch) {
            out.append(l).append('\n');
            if (out.length() > MAX_CHARS) return null;
        }
        return out.toString();
    }

    private static List<String> lines(String s) {
        if (s.isEmpty()) return List.of();
        List<String> out = Arrays.asList(s.split("\n", -1));
        // a final newline ends the last line; it does not start an empty one
        return s.endsWith("\n") ? out.subList(0, out.size() - 1) : out;
    }
}
