package dev.dispatch.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * What dispatch last knew about its store file, kept beside it ({@code dispatch.mv.db.seal}), so that a
 * damaged file is told from a whole one before H2 opens it. H2 alone cannot: it opens a truncated or
 * partly overwritten file by silently rolling back to an older chunk (or, for an empty file, by creating
 * a new store), and writes to it as it opens.
 *
 * <p>The record holds: {@code highWater}, the file's size after the last acknowledged commit (updated after
 * every commit, before the callers hear of it: a file shorter than that lost acknowledged writes);
 * {@code crcSize}/{@code crc}, a CRC32C of the bytes between the header blocks and {@code crcSize}, taken
 * whenever the file was at rest (open, close, rewrite); and {@code nextSize}/{@code nextCrc}, the same for
 * a rewritten file about to be renamed over the store, so a kill between the rename and the next update
 * finds a file it can vouch for. The first 8 KiB are H2's two header blocks, which H2 rewrites in place;
 * {@link FileCheck} checks their own checksums instead. Everything after them is append-only while
 * {@code REUSE_SPACE} is off, so the CRC of a prefix stays valid while the store is open.
 *
 * <p>The record carries its own checksum; one that fails it counts as missing (the file then gets only
 * the structural checks). Updates are single 64-byte writes within one page.
 */
final class StoreSeal implements AutoCloseable {
    static final String SUFFIX = ".seal";
    /** H2's two 4 KiB store header blocks, rewritten in place (clean-shutdown flag, last chunk). */
    static final int HEADER_BYTES = 8192;

    private static final long MAGIC = 0x4453_4541_4C30_3031L; // "DSEAL001"
    private static final int RECORD = 64;

    /** One state of the record; sizes in bytes. */
    record State(long highWater, long crcSize, long crc, long nextSize, long nextCrc) {
        static final State EMPTY = new State(0, 0, emptyCrc(), 0, 0);

        State committed(long size) {
            return new State(Math.max(highWater, size), crcSize, crc, nextSize, nextCrc);
        }
    }

    private final Path path;
    private final FileChannel channel;
    private State state;

    private StoreSeal(Path path, FileChannel channel, State state) {
        this.path = path;
        this.channel = channel;
        this.state = state;
    }

    static Path pathFor(Path storeFile) {
        return storeFile.resolveSibling(storeFile.getFileName() + SUFFIX);
    }

    /** The record beside {@code storeFile}, or {@code null} when there is none or it fails its checksum. */
    static State read(Path storeFile) {
        Path p = pathFor(storeFile);
        try {
            if (!Files.isRegularFile(p) || Files.size(p) < RECORD) return null;
            ByteBuffer b = ByteBuffer.allocate(RECORD);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                    // read until full
                }
            }
            b.flip();
            if (b.remaining() < RECORD || b.getLong(0) != MAGIC) return null;
            if (b.getLong(48) != check(b)) return null;
            return new State(b.getLong(8), b.getLong(16), b.getLong(24), b.getLong(32), b.getLong(40));
        } catch (IOException e) {
            return null;
        }
    }

    /** Opens (creating) the record beside {@code storeFile} for updates and writes {@code initial} to it. */
    static StoreSeal open(Path storeFile, State initial) {
        Path p = pathFor(storeFile);
        try {
            FileChannel ch =
                    FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            StoreSeal seal = new StoreSeal(p, ch, initial);
            seal.write(initial);
            ch.force(true);
            return seal;
        } catch (IOException e) {
            throw FileCheck.failure("cannot write " + p, e, storeFile.getParent());
        }
    }

    /** Removes the record (the store is not sealed: only the test-only space-reuse mode). */
    static void delete(Path storeFile) {
        try {
            Files.deleteIfExists(pathFor(storeFile));
        } catch (IOException ignored) {
            // a stale record is checked like any other; at worst it refuses a file it no longer describes
        }
    }

    State state() {
        return state;
    }

    /** Records that a commit left the file at {@code size} bytes; must succeed before the commit is acknowledged. */
    void committed(long size) throws IOException {
        if (size <= state.highWater()) return;
        write(state.committed(size));
    }

    /** The file is at rest with {@code size} bytes and CRC {@code crc}: vouch for all of it. */
    void rested(long size, long crc) throws IOException {
        write(new State(size, size, crc, 0, 0));
    }

    /** A rewritten file of {@code size} bytes and CRC {@code crc} is about to replace the store. */
    void replacing(long size, long crc) throws IOException {
        write(new State(state.highWater(), state.crcSize(), state.crc(), size, crc));
    }

    private void write(State s) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(RECORD);
        b.putLong(0, MAGIC)
                .putLong(8, s.highWater())
                .putLong(16, s.crcSize())
                .putLong(24, s.crc())
                .putLong(32, s.nextSize())
                .putLong(40, s.nextCrc())
                .putLong(56, 0);
        b.putLong(48, check(b));
        b.position(0).limit(RECORD);
        while (b.hasRemaining()) channel.write(b, b.position());
        state = s;
    }

    private static long check(ByteBuffer b) {
        CRC32C c = new CRC32C();
        c.update(b.array(), 0, 48);
        return c.getValue() ^ MAGIC;
    }

    private static long emptyCrc() {
        return new CRC32C().getValue();
    }

    /**
     * The CRC32C of {@code file}'s bytes from {@link #HEADER_BYTES} to {@code upTo} (or as many as there are).
     */
    static long crc(Path file, long upTo) throws IOException {
        CRC32C c = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = HEADER_BYTES;
            while (pos < upTo) {
                buf.clear();
                if (upTo - pos < buf.capacity()) buf.limit((int) (upTo - pos));
                int n = ch.read(buf, pos);
                if (n <= 0) break;
                buf.flip();
                c.update(buf);
                pos += n;
            }
        }
        return c.getValue();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the record was written with each update; closing the channel adds nothing
        }
    }

    @Override
    public String toString() {
        return path + " " + state;
    }
}
