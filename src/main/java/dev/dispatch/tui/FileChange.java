package dev.dispatch.tui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispatch.protocol.Json;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an {@code edit_file} or {@code write_file} call changes, as a diff: before it runs (the
 * permission prompt) from the file as it is now and the call's arguments; after it ran (the chat)
 * from its arguments and result. The face reads a file only when it is a regular file of bounded
 * size (a FIFO or device never blocks the screen) and valid UTF-8 text.
 */
final class FileChange {
    /** Bigger files are not read by the face to show a diff. */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    private static final Pattern FIRST_LINE = Pattern.compile("first at line (\\d+)");

    /** A diff to show, and a note on what it is when that is not obvious (null when it is). */
    record Change(List<DiffView.Row> rows, String note) {}

    private FileChange() {}

    static boolean isFileEdit(String tool) {
        return "edit_file".equals(tool) || "write_file".equals(tool);
    }

    /** The diff {@code tool} with {@code argumentsJson} would make to {@code current} (null: no such file). */
    static Change proposed(String tool, String argumentsJson, String current) {
        JsonNode a = args(argumentsJson);
        if (a == null) return null;
        if ("write_file".equals(tool)) {
            String content = text(a, "content");
            if (content == null) return null;
            return new Change(
                    DiffView.unified(current == null ? "" : current, content, DiffView.CONTEXT, 1),
                    current == null ? "new file" : null);
        }
        if ("edit_file".equals(tool)) {
            String old = text(a, "old_string");
            String neu = text(a, "new_string");
            if (old == null || neu == null || old.isEmpty()) return null;
            if (current != null && current.contains(old)) {
                boolean all = a.path("replace_all").asBoolean(false);
                int at = current.indexOf(old);
                String after = all
                        ? current.replace(old, neu)
                        : current.substring(0, at) + neu + current.substring(at + old.length());
                return new Change(DiffView.unified(current, after, DiffView.CONTEXT, 1), null);
            }
            return new Change(
                    DiffView.unified(old, neu, Integer.MAX_VALUE / 4, 1),
                    current == null
                            ? "the file could not be read: showing the edit alone"
                            : "old_string is not in the file as it is now");
        }
        return null;
    }

    /**
     * The diff a finished call made: the tool's own unified {@code diff} when it sent one (every
     * occurrence of a replace_all edit, a replaced file against its previous content); else, from an
     * older engine, an edit's snippets numbered from the line its result names and a write against
     * {@code before} when the face saw the file before it ran, else the new content.
     */
    static Change done(String tool, String argumentsJson, String result, String before, String diff) {
        if (diff != null && !diff.isBlank()) {
            List<DiffView.Row> rows = DiffView.parse(diff);
            boolean created = diff.startsWith("--- /dev/null");
            if (!rows.isEmpty() || created) return new Change(rows, created ? "new file" : null);
            return new Change(rows, "no change: the file already had this content");
        }
        return done(tool, argumentsJson, result, before);
    }

    /** {@link #done(String, String, String, String, String)} without the tool's diff. */
    static Change done(String tool, String argumentsJson, String result, String before) {
        JsonNode a = args(argumentsJson);
        if (a == null) return null;
        if ("edit_file".equals(tool)) {
            String old = text(a, "old_string");
            String neu = text(a, "new_string");
            if (old == null || neu == null) return null;
            Matcher m = FIRST_LINE.matcher(result == null ? "" : result);
            int line = m.find() ? Integer.parseInt(m.group(1)) : 1;
            boolean all = a.path("replace_all").asBoolean(false);
            return new Change(
                    DiffView.unified(old, neu, Integer.MAX_VALUE / 4, line),
                    all && result != null && !result.startsWith("replaced 1 ") ? "each occurrence" : null);
        }
        if ("write_file".equals(tool)) {
            String content = text(a, "content");
            if (content == null) return null;
            boolean created = result != null && result.startsWith("created");
            if (before != null && !created)
                return new Change(DiffView.unified(before, content, DiffView.CONTEXT, 1), null);
            return new Change(
                    DiffView.unified("", content, DiffView.CONTEXT, 1),
                    created ? "new file" : "replaced the whole file; its previous content was not seen here");
        }
        return null;
    }

    /** The path the call names, for a header. */
    static String path(String argumentsJson) {
        JsonNode a = args(argumentsJson);
        return a == null ? null : text(a, "path");
    }

    /** The file's text, or null when it is absent, not a regular file, too big, binary or not UTF-8. */
    static String read(Path file) {
        try {
            BasicFileAttributes at = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!at.isRegularFile() || at.size() > MAX_BYTES) return null;
            byte[] bytes = Files.readAllBytes(file);
            for (byte b : bytes) if (b == 0) return null;
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static JsonNode args(String json) {
        if (json == null || json.isBlank()) return null;
        try {
            JsonNode n = Json.mapper().readTree(json);
            return n != null && n.isObject() ? n : null;
        } catch (Exception notJson) {
            return null;
        }
    }

    private static String text(JsonNode a, String key) {
        JsonNode v = a.get(key);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
