package dev.dispatch.tool;

import dev.dispatch.session.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps turn checkpoints of the files write_file and edit_file change: the content before the write is
 * read just before the tool runs, and stored only once the write succeeded (a refused or failed write
 * leaves nothing behind, so no file the agent could not write ends up in the store). Files outside the
 * project root are never kept. Shell commands' changes are not seen here (see docs/sessions.md).
 */
public final class CheckpointHook implements FileHook {
    private record Pending(boolean existed, byte[] before) {}

    private final Checkpoints checkpoints;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public CheckpointHook(Checkpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    @Override
    public void beforeWrite(ToolContext ctx, Path file) {
        if (ctx.sessionId() == null || !file.startsWith(ctx.projectRoot()) || Files.isSymbolicLink(file)) return;
        try {
            boolean existed = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
            byte[] before =
                    existed && Files.size(file) <= Checkpoints.MAX_IMAGE_BYTES ? Files.readAllBytes(file) : null;
            pending.put(key(ctx, file), new Pending(existed, before));
        } catch (IOException | RuntimeException e) {
            // unreadable now: the tool will fail on it too, or the write is not checkpointed
        }
    }

    @Override
    public Optional<Note> wrote(ToolContext ctx, Path file) {
        Pending p = pending.remove(key(ctx, file));
        if (p == null) return Optional.empty();
        String rel = ctx.projectRoot().relativize(file).toString();
        checkpoints.record(
                ctx.sessionId(), checkpoints.turn(ctx.sessionId()), rel, p.existed(), p.before(), hash(file));
        return Optional.empty();
    }

    private static String key(ToolContext ctx, Path file) {
        return ctx.sessionId() + "\u0000" + file;
    }

    /** SHA-256 of a file's content, or {@code absent} when there is no regular file. */
    public static String hash(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return "absent";
            return hash(Files.readAllBytes(file));
        } catch (IOException e) {
            return "unreadable";
        }
    }

    public static String hash(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
