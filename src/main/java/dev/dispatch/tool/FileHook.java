package dev.dispatch.tool;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Hears about the files the file tools touched, after they succeeded, so the language servers see
 * what agents read and wrote ({@link LspFileHook}); a write's answer (what the edit changed in the
 * file's diagnostics) is appended to the tool's result. The file tools themselves know nothing of it.
 */
public interface FileHook {
    FileHook NONE = new FileHook() {};

    /** What a hook adds to a write's result: text for the model, metadata for faces. */
    record Note(String text, Map<String, Object> metadata) {}

    /** {@code file} (a real path inside or outside {@code ctx}'s root) was read. */
    default void read(ToolContext ctx, Path file) {}

    /** {@code file} is about to be written by write_file or edit_file (the write may still be refused). */
    default void beforeWrite(ToolContext ctx, Path file) {}

    /**
     * Why write_file/edit_file must not write {@code file} now (another agent holds a reservation on it,
     * {@link ReservationHook}); empty: go ahead. Asked before the write, which is refused with the reason.
     */
    default Optional<String> refusal(ToolContext ctx, Path file) {
        return Optional.empty();
    }

    /** The first hook's refusal of the file write_file/edit_file is about to write (its {@code path}). */
    static Optional<String> refused(FileHook hook, String name, String argumentsJson, ToolContext ctx) {
        if (hook == NONE || !("write_file".equals(name) || "edit_file".equals(name))) return Optional.empty();
        try {
            String path = dev.dispatch.protocol.Json.mapper()
                    .readTree(argumentsJson)
                    .path("path")
                    .asText("");
            return path.isBlank()
                    ? Optional.empty()
                    : hook.refusal(ctx, ctx.projectRoot().resolve(path).normalize());
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty(); // a bad call: the tool reports it
        }
    }

    /** {@code file} was written; the note to append, if any. */
    default Optional<Note> wrote(ToolContext ctx, Path file) throws InterruptedException {
        return Optional.empty();
    }

    /** Tells {@code hook} which file write_file/edit_file is about to write (its {@code path} argument). */
    static void before(FileHook hook, String name, String argumentsJson, ToolContext ctx) {
        if (hook == NONE || !("write_file".equals(name) || "edit_file".equals(name))) return;
        try {
            String path = dev.dispatch.protocol.Json.mapper()
                    .readTree(argumentsJson)
                    .path("path")
                    .asText("");
            if (!path.isBlank())
                hook.beforeWrite(ctx, ctx.projectRoot().resolve(path).normalize());
        } catch (java.io.IOException | RuntimeException e) {
            // a bad call: the tool reports it
        }
    }

    /** Every hook in order; a write's notes are joined. */
    static FileHook all(FileHook... hooks) {
        return new FileHook() {
            @Override
            public void read(ToolContext ctx, Path file) {
                for (FileHook h : hooks) h.read(ctx, file);
            }

            @Override
            public void beforeWrite(ToolContext ctx, Path file) {
                for (FileHook h : hooks) h.beforeWrite(ctx, file);
            }

            @Override
            public Optional<String> refusal(ToolContext ctx, Path file) {
                for (FileHook h : hooks) {
                    Optional<String> no = h.refusal(ctx, file);
                    if (no.isPresent()) return no;
                }
                return Optional.empty();
            }

            @Override
            public Optional<Note> wrote(ToolContext ctx, Path file) throws InterruptedException {
                Note joined = null;
                for (FileHook h : hooks) {
                    Optional<Note> n = h.wrote(ctx, file);
                    if (n.isEmpty()) continue;
                    if (joined == null) joined = n.get();
                    else {
                        Map<String, Object> m = new LinkedHashMap<>(joined.metadata());
                        m.putAll(n.get().metadata());
                        joined = new Note(joined.text() + "\n" + n.get().text(), m);
                    }
                }
                return Optional.ofNullable(joined);
            }
        };
    }

    /** {@code result} of tool {@code name}, with the hook told and its note appended. */
    static ToolResult after(FileHook hook, String name, ToolResult result, ToolContext ctx)
            throws InterruptedException {
        if (hook == NONE || result.isError() || !(result.metadata().get("path") instanceof String shown)) return result;
        Path file = ctx.projectRoot().resolve(shown).normalize();
        try {
            switch (name) {
                case "read_file" -> hook.read(ctx, file);
                case "write_file", "edit_file" -> {
                    Optional<Note> note = hook.wrote(ctx, file);
                    if (note.isEmpty()) return result;
                    Map<String, Object> metadata = new LinkedHashMap<>(result.metadata());
                    metadata.putAll(note.get().metadata());
                    return new ToolResult(result.text() + "\n" + note.get().text(), false, metadata);
                }
                default -> {
                    return result;
                }
            }
        } catch (RuntimeException e) {
            // the file tool did its work; a language server's trouble must not turn that into an error
        }
        return result;
    }
}
