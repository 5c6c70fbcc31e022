package dev.dispatch.app;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.dispatch.fs.AtomicFiles;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.SessionBrowseOps;
import dev.dispatch.session.Checkpoints;
import dev.dispatch.session.SessionNotes;
import dev.dispatch.session.SessionRecord;
import dev.dispatch.session.Sessions;
import dev.dispatch.tool.CheckpointHook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sessions undo} and {@code sessions diff} over turn checkpoints ({@link Checkpoints}): undo puts
 * back the files of the session's last turn, refusing — and naming them — when one changed on disk
 * since (unless forced); diff shows everything the session's remaining turns changed.
 */
final class SessionUndo {
    private final Sessions sessions;
    private final Checkpoints checkpoints;
    private final SessionNotes notes;

    SessionUndo(Sessions sessions, Checkpoints checkpoints, SessionNotes notes) {
        this.sessions = sessions;
        this.checkpoints = checkpoints;
        this.notes = notes;
    }

    SessionBrowseOps.UndoResult undo(String sessionId, boolean force) {
        // 1) the last turn's files and the project they live in
        Path root = root(sessions.require(sessionId));
        List<Checkpoints.Entry> entries = checkpoints.lastTurn(sessionId);
        if (entries.isEmpty())
            throw new EngineException(
                    ErrorCode.NOTHING_TO_DO,
                    "nothing to undo in session " + sessionId + ": no write_file/edit_file change is recorded"
                            + " (changes made by shell commands are not checkpointed)");
        int turn = entries.get(0).turn();
        // 2) refuse what cannot be restored, or what someone changed since
        List<String> lost = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Checkpoints.Entry e : entries) {
            Path file = inside(root, e.path());
            if (!e.kept()) lost.add(e.path());
            else if (!CheckpointHook.hash(file).equals(e.afterHash())) changed.add(e.path());
        }
        if (!lost.isEmpty())
            throw EngineException.conflict("cannot undo turn " + turn + " of session " + sessionId + ": the content"
                    + " before it of " + lost + " was too large to keep (over " + Checkpoints.MAX_IMAGE_BYTES
                    + " bytes); nothing was changed");
        if (!changed.isEmpty() && !force)
            throw EngineException.conflict("not undoing turn " + turn + " of session " + sessionId + ": "
                    + changed + " changed on disk since that turn; nothing was changed (--force restores anyway,"
                    + " losing those later edits)");
        // 3) restore
        List<String> restored = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (Checkpoints.Entry e : entries) {
            Path file = inside(root, e.path());
            try {
                if (Files.isSymbolicLink(file))
                    throw EngineException.conflict("not undoing " + e.path() + ": it is now a symbolic link");
                if (e.existed()) {
                    AtomicFiles.write(file, e.before());
                    restored.add(e.path());
                } else {
                    if (Files.deleteIfExists(file)) removed.add(e.path());
                }
            } catch (IOException x) {
                throw EngineException.conflict("undo of turn " + turn + " stopped at " + e.path() + ": "
                        + x.getMessage() + "; restored so far: " + restored + ", removed: " + removed);
            }
        }
        checkpoints.markUndone(sessionId, turn);
        String detail =
                "undid turn " + turn + ": restored " + restored + (removed.isEmpty() ? "" : ", removed " + removed)
                        + (changed.isEmpty() ? "" : " (forced over later edits of " + changed + ")");
        notes.undone(sessionId, detail); // the session's agent reads it with its next input
        return new SessionBrowseOps.UndoResult(sessionId, turn, restored, removed, detail);
    }

    SessionBrowseOps.SessionDiff diff(String sessionId) {
        Path root = root(sessions.require(sessionId));
        // the content before the session first wrote each file (the earliest turn not undone)
        Map<String, Checkpoints.Entry> first = new LinkedHashMap<>();
        for (Checkpoints.Entry e : checkpoints.all(sessionId)) first.putIfAbsent(e.path(), e);
        StringBuilder out = new StringBuilder();
        List<String> files = new ArrayList<>();
        for (Checkpoints.Entry e : first.values()) {
            Path file = inside(root, e.path());
            byte[] now = read(file);
            if (!e.kept()) {
                files.add(e.path());
                out.append("--- a/")
                        .append(e.path())
                        .append("\n+++ b/")
                        .append(e.path())
                        .append("\n@@ content before the session not kept (over ")
                        .append(Checkpoints.MAX_IMAGE_BYTES)
                        .append(" bytes) @@\n");
                continue;
            }
            byte[] before = e.existed() ? e.before() : new byte[0];
            if (java.util.Arrays.equals(before, now == null ? new byte[0] : now) && (e.existed() == (now != null)))
                continue;
            files.add(e.path());
            List<String> a = lines(before);
            List<String> b = lines(now == null ? new byte[0] : now);
            List<String> patch = UnifiedDiffUtils.generateUnifiedDiff(
                    e.existed() ? "a/" + e.path() : "/dev/null",
                    now != null ? "b/" + e.path() : "/dev/null",
                    a,
                    DiffUtils.diff(a, b),
                    3);
            for (String l : patch) out.append(l).append('\n');
        }
        return new SessionBrowseOps.SessionDiff(sessionId, files, out.toString());
    }

    private static Path root(SessionRecord s) {
        Path p = Path.of(s.projectRoot());
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw EngineException.conflict(
                    "the project of session " + s.id() + " (" + p + ") is gone: " + e.getMessage());
        }
    }

    private static Path inside(Path root, String rel) {
        Path file = root.resolve(rel).normalize();
        if (!file.startsWith(root)) throw EngineException.invalid("checkpointed path " + rel + " is outside " + root);
        return file;
    }

    private static byte[] read(Path file) {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> lines(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        if (s.isEmpty()) return List.of();
        // a final newline ends the last line, as diff -u reads it: no empty line of context after it
        if (s.endsWith("\n")) s = s.substring(0, s.length() - 1);
        return List.of(s.split("\n", -1));
    }
}
