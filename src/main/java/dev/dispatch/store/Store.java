package dev.dispatch.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * The H2 file that holds everything durable ({@code dispatch.mv.db} in a 0700 data dir). One process
 * holds it at a time ({@link OwnerFile}): a second long-lived owner is refused with a
 * {@link StoreBusyException} naming the holder; a one-shot command waits (bounded) behind another
 * one-shot command. Never {@code AUTO_SERVER}.
 *
 * <p><b>What an acknowledgement means.</b> {@link #write} returns only after its transaction committed
 * and H2 wrote the commit to the file (WRITE_DELAY=0; the bytes are in the OS page cache). That survives
 * {@code kill -9} of this process: StoreKillTest kills a writing JVM 12 times at random moments and finds
 * every acknowledged row. Caveat measured here: the same test lost acknowledged rows when H2 reused file
 * space early (1 s chunk retention, or compaction while writing), so both stay at H2's defaults; the test
 * rounds write for at most 1.5 s each; one manual run killed after 60 s of sustained writing (past the
 * 45 s retention, file 2.7 GB) also lost nothing (501,924 of 501,924 acknowledged ids present).
 *
 * <p><b>Power loss</b> is a weaker promise: H2 does not fsync on commit (an fsync costs ~6 ms on these
 * disks, which would cap writes near 1,300/s), so writes the kernel had not yet flushed (Linux flushes
 * dirty pages within ~30 s) are lost; H2 keeps dead chunks 45 s so that the file on disk still holds a
 * consistent older state, which it opens. Not tested here (no way to cut power). {@link #sync} forces the
 * file to the device (fsync) for a caller that needs a particular write to survive power loss.
 *
 * <p>Writes go through one writer thread with group commit ({@link Writer}): sequence numbers and identity
 * values are assigned in commit order. Reads use their own connections and see committed state.
 */
public final class Store implements AutoCloseable {
    static final String DB_NAME = "dispatch";

    /** How long H2 keeps a dead chunk before reusing its space (H2's RETENTION_TIME, milliseconds). */
    static final int RETENTION_MS = Integer.getInteger("dispatch.store.retentionMs", 45_000);

    private final Path dir;
    private final OwnerFile owner;
    private final Connection writeConn;
    private final Writer writer;
    private final Readers readers;
    private boolean closed;

    private Store(Path dir, OwnerFile owner, Connection writeConn, Readers readers) {
        this.dir = dir;
        this.owner = owner;
        this.writeConn = writeConn;
        this.readers = readers;
        this.writer = new Writer(writeConn);
    }

    /** Opens as a one-shot command with the default wait. */
    public static Store open(Path dataDir) {
        return open(dataDir, StoreOptions.oneShot());
    }

    /**
     * Opens the store in {@code dataDir} (created 0700 if missing, tightened to 0700 if looser), takes the
     * directory for this process and brings the schema up to date.
     *
     * @throws StoreBusyException another process holds the directory (see {@link StoreOptions.Role})
     */
    public static Store open(Path dataDir, StoreOptions options) {
        Path dir = prepareDir(dataDir);
        OwnerFile owner = OwnerFile.acquire(dir, options);
        Connection conn = null;
        try {
            String url = url(dir);
            conn = DriverManager.getConnection(url, "dispatch", "");
            conn.setAutoCommit(false);
            Migrations.ensure(conn);
            return new Store(dir, owner, conn, new Readers(url));
        } catch (SQLException e) {
            closeQuietly(conn);
            owner.close();
            if (e.getErrorCode() == 90020) {
                // our lock should make this impossible; if a foreign program holds the file, say so
                throw new StoreBusyException(dir, null, "the database file is locked by another program");
            }
            throw new StoreException("cannot open store in " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(conn);
            owner.close();
            throw e;
        }
    }

    /**
     * WRITE_DELAY=0: H2 writes each commit to the file (one chunk) before {@code commit()} returns, on the
     * committing thread; the default 500 ms delay lost acknowledged rows on kill -9. Chunk retention and
     * compaction stay at H2's defaults (45 s; brief compaction on close) because shorter retention and
     * compaction while writing both lost acknowledged rows in the kill -9 test (bench/README.md).
     */
    static String url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve(DB_NAME) + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;RETENTION_TIME=" + RETENTION_MS;
    }

    private static Path prepareDir(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            Set<PosixFilePermission> only = PosixFilePermissions.fromString("rwx------");
            if (!Files.isDirectory(dir)) {
                if (posix) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(only));
                else Files.createDirectories(dir);
            }
            if (posix && !Files.getPosixFilePermissions(dir).equals(only)) Files.setPosixFilePermissions(dir, only);
            return dir.toRealPath();
        } catch (IOException e) {
            throw new StoreException("cannot prepare data dir " + dir + " (it must be a directory you own, mode 0700): "
                    + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * Runs {@code work} in a transaction (shared with other writes queued at the same time, each behind
     * its own savepoint) and returns after the commit reached the file. SQL failures become a
     * {@link StoreException}; runtime exceptions from the work are rethrown as they are.
     */
    public <T> T write(SqlWork<T> work) {
        return writer.submit(work);
    }

    /** Runs {@code work} on a read connection in its own transaction; sees committed state only. */
    public <T> T read(SqlWork<T> work) {
        return readers.run(work);
    }

    /** Forces the file to the storage device (fsync), for the few callers that need power-loss safety. */
    public void sync() {
        // on a read connection: CHECKPOINT commits its session, which must not split a write batch
        read(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CHECKPOINT SYNC");
            }
            return null;
        });
    }

    /** Finishes queued writes, closes H2 (which compacts the file briefly), and lets the next holder in. */
    @Override
    public void close() {
        synchronized (this) {
            // a second close must not release a lock that a later holder in this JVM now has
            if (closed) return;
            closed = true;
        }
        try {
            writer.close();
            readers.close();
            writeConn.close();
        } catch (SQLException e) {
            throw new StoreException("close failed for " + dir + ": " + e.getMessage(), e);
        } finally {
            owner.close();
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // the open failure is what the caller needs to hear about
        }
    }
}
