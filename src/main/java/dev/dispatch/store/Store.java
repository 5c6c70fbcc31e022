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
 * and H2 wrote the commit to the file ({@code CHECKPOINT}, in the OS page cache): it survives
 * {@code kill -9} of this process (tested by killing a writer process repeatedly). It does <em>not</em>
 * fsync per commit, so after a power loss or kernel crash the last writes the disk had not flushed may be
 * gone; H2's recovery falls back to the newest complete chunk on disk, so the store opens consistent, just
 * possibly older. {@link #sync} forces the file to the device for callers that need more.
 *
 * <p>Writes go through one writer thread with group commit ({@link Writer}): sequence numbers and identity
 * values are assigned in commit order. Reads use their own connections and see committed state.
 */
public final class Store implements AutoCloseable {
    static final String DB_NAME = "dispatch";

    private final Path dir;
    private final OwnerFile owner;
    private final Connection writeConn;
    private final Writer writer;
    private final Readers readers;
    private final FileTidy tidy;

    private Store(Path dir, OwnerFile owner, Connection writeConn, Readers readers, FileTidy tidy) {
        this.dir = dir;
        this.owner = owner;
        this.writeConn = writeConn;
        this.readers = readers;
        this.tidy = tidy;
        this.writer = new Writer(writeConn, tidy::afterCommit, tidy::onIdle, FileTidy.IDLE_MILLIS);
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
            return new Store(dir, owner, conn, new Readers(url), new FileTidy(conn));
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
     * WRITE_DELAY stays above 0 so H2 keeps its background thread, which compacts the file as chunks
     * die; durability comes from the explicit CHECKPOINT after each group commit instead. Short chunk
     * retention lets freed space be reused quickly so the file stays bounded under sustained writes.
     */
    static String url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve(DB_NAME) + ";WRITE_DELAY=" + Integer.getInteger("tune.wd", FileTidy.WRITE_DELAY_MILLIS)
                + ";RETENTION_TIME=" + Integer.getInteger("tune.rt", FileTidy.RETENTION_MILLIS) + ";DB_CLOSE_ON_EXIT=FALSE" + System.getProperty("tune.url", "");
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

    /** Finishes queued writes, compacts the file briefly, and lets the next holder in. */
    @Override
    public void close() {
        try {
            writer.close();
            readers.close();
            tidy.onClose();
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
