package dev.dispatch.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.h2.mvstore.MVStore;

/**
 * Bounds the file: copies the live data of a <em>closed</em> H2 file into a sibling file and swaps it
 * in with an atomic rename. This is how the store reclaims space, instead of letting H2 write new chunks
 * into the space of dead ones (which lost acknowledged rows in the kill -9 test; see {@link Store}).
 *
 * <p>The old file is never modified: a process killed while copying leaves the old file whole and a
 * partial {@code .rewrite} file, which {@link #cleanUp} deletes at the next open; killed after the rename,
 * the new file is complete (written and forced to the device before the rename). Either way the next
 * open finds every acknowledged write.
 */
final class FileRewrite {
    static final String SUFFIX = ".rewrite";

    private FileRewrite() {}

    /**
     * Rewrites {@code file} (an H2 {@code .mv.db} no connection has open) with only its live data. With a
     * {@code seal}, the new file's CRC is recorded as the one about to replace the store before the rename,
     * and as the store's own after it, so a kill in between leaves a file the seal vouches for.
     *
     * @return the size of the new file in bytes
     * @throws StoreException when the copy fails; the old file is then untouched and still the store
     */
    static long rewrite(Path file, StoreSeal seal) {
        Path tmp = file.resolveSibling(file.getFileName() + SUFFIX);
        try {
            Files.deleteIfExists(tmp);
            // H2's own defragmentation: opens the source read-only and copies every map's live pages
            MVStore.compact(file.toString(), tmp.toString(), false, null);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            long size = Files.size(tmp);
            long crc = seal == null ? 0 : StoreSeal.crc(tmp, size);
            if (seal != null) seal.replacing(size, crc);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(file.getParent());
            if (seal != null) seal.rested(size, crc);
            return size;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            if (FileCheck.diskFull(e)) throw new DiskFullException(file.getParent(), e);
            throw new StoreException(
                    "could not rewrite " + file + " to reclaim space (the store is unchanged; "
                            + "check free disk space): " + e.getMessage(),
                    e);
        }
    }

    /** Deletes what a rewrite killed half-way left behind; the store file itself is whole. */
    static void cleanUp(Path file) {
        deleteQuietly(file.resolveSibling(file.getFileName() + SUFFIX));
    }

    /** Makes the rename itself durable (the directory entry), for power loss; kill -9 needs only the rename. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems refuse to open a directory; the rename is still atomic
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temp file costs disk space, never correctness: cleanUp retries at the next open
        }
    }
}
