package dev.dispatch.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * The embedded H2 file behind a {@link Store} without {@code store.url}: its name, the URL H2 opens it with
 * (and why each setting), and how an existing file is checked and sealed before H2 may write to it. Apart
 * from {@link Store} so that the store's own class is about what every backend shares (open, read, write,
 * close); the PostgreSQL counterpart is {@link Postgres}.
 *
 * <p><b>What an acknowledgement means.</b> {@link Store#write} returns only after its transaction committed
 * and H2 wrote the commit to the file (WRITE_DELAY=0; the bytes are in the OS page cache). That survives
 * {@code kill -9} of this process: StoreKillTest kills a writing JVM 12 times at random moments, once
 * after it has written for longer than H2's chunk retention, and finds every acknowledged row. Caveat
 * measured here: the same test lost acknowledged rows whenever H2 overwrote the space of dead chunks
 * while writing (its default after the 45 s retention, sooner with a shorter retention, or compaction
 * while writing), so H2 may not reuse space while the store is open ({@link #REUSE_SPACE_WHILE_OPEN}).
 *
 * <p><b>How the file stays bounded.</b> Every commit appends a chunk, so the file is live data plus dead
 * chunks. The writer thread, between batches, rewrites the file when {@link RewritePolicy} says the
 * garbage is worth it: it closes H2, copies the live data into a new file and renames it over the old one
 * ({@link FileRewrite}), then reopens. Reads and writes wait for that moment (tens of milliseconds per few
 * MB of live data); the old file is never modified, so a kill at any point leaves a whole store.
 * StoreRewriteKillTest kills writers while they rewrite many times a second.
 *
 * <p><b>Power loss</b> is a weaker promise: H2 does not fsync on commit (an fsync costs ~6 ms on these
 * disks, which would cap writes near 1,300/s), so writes the kernel had not yet flushed (Linux flushes
 * dirty pages within ~30 s) are lost; H2 keeps dead chunks 45 s so that the file on disk still holds a
 * consistent older state, which it opens. Not tested here (no way to cut power). {@link Store#sync} forces the
 * file to the device (fsync) for a caller that needs a particular write to survive power loss.
 *
 * <p><b>A damaged file is refused, never replaced.</b> Before H2 opens the file (H2 would silently roll a
 * truncated file back to an older chunk, start an empty store in an empty file, and write as it opens),
 * {@link FileCheck} compares it with its {@link StoreSeal}: a file shorter than the last acknowledged commit,
 * with changed bytes, or with a broken header is refused with {@link StoreDamagedException}, untouched;
 * {@link StoreRecovery} salvages it when the user asks. After a kill the bytes past the last acknowledged
 * commit are not vouched for, so the file is first rewritten ({@link FileRewrite}, which reads it
 * read-only): H2 would otherwise overwrite that tail in place, breaking the append-only rule the seal
 * relies on.
 */
final class H2File {
    static final String DB_NAME = "dispatch";

    /**
     * How long H2 keeps a dead chunk before its space may be reused (RETENTION_TIME, milliseconds; H2's
     * default). With reuse off while open it matters only to the kill test, which writes past it once, and
     * to the close; the system property lets the kill test reproduce the losses seen with reuse on and a
     * shorter retention. Production never sets it.
     */
    static final int RETENTION_MS = Integer.getInteger("dispatch.store.retentionMs", 45_000);

    /**
     * Whether H2 may put new chunks into the space of dead ones while the store is open. It may not: with
     * reuse on, the kill -9 test lost acknowledged rows once dead chunks were being overwritten (after 48 s
     * of writing at H2's 45 s retention, after 7-8 s at 5 s). With reuse off every chunk is appended, so the
     * newest acknowledged chunk is always the last one in the file, where H2 looks first after a crash; the
     * store reclaims the dead chunks by rewriting the file ({@link FileRewrite}). The system property lets the
     * kill test reproduce the losses; production never sets it.
     */
    static final boolean REUSE_SPACE_WHILE_OPEN = Boolean.getBoolean("dispatch.store.reuseSpace");

    private H2File() {}

    /**
     * The seal for a file that passed its check: a new store's empty record, or a whole-file CRC taken now.
     * A file nobody sealed (written by an older dispatch) first has H2 confirm, read-only, that it holds a
     * dispatch schema. A file with an unacknowledged tail (after a kill) is rewritten first.
     */
    static StoreSeal sealFor(Path file, FileCheck.Verdict verdict) throws SQLException {
        if (REUSE_SPACE_WHILE_OPEN) {
            StoreSeal.delete(file); // chunks are overwritten in place: nothing could vouch for a prefix
            if (verdict.exists()) probeReadOnly(file);
            return null;
        }
        if (!verdict.exists()) return StoreSeal.open(file, StoreSeal.State.EMPTY);
        if (!verdict.sealed()) probeReadOnly(file);
        StoreSeal seal = StoreSeal.open(file, new StoreSeal.State(verdict.size(), verdict.size(), verdict.crc(), 0, 0));
        try {
            if (verdict.tail()) FileRewrite.rewrite(file, seal);
        } catch (StoreException e) {
            seal.close();
            if (FileCheck.corrupted(e)) throw new StoreDamagedException(file, FileCheck.reason(e), e);
            throw e;
        }
        return seal;
    }

    /** Opens the file read-only (H2 writes nothing) and requires the dispatch schema in it. */
    static void probeReadOnly(Path file) throws SQLException {
        Path dir = file.getParent();
        try (Connection c = connectChecked(url(dir) + ";ACCESS_MODE_DATA=r", file);
                Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                        + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'SCHEMA_VERSION'")) {
            rs.next();
            if (rs.getInt(1) == 0) throw new StoreDamagedException(file, "it holds no dispatch tables");
        }
    }

    /** Connects, reporting a file H2 finds broken as damaged and a full disk as such. */
    static Connection connectChecked(String url, Path file) throws SQLException {
        try {
            return connect(url);
        } catch (SQLException | RuntimeException e) {
            if (FileCheck.diskFull(e)) throw new DiskFullException(file.getParent(), e);
            if (FileCheck.corrupted(e)) throw new StoreDamagedException(file, FileCheck.reason(e), e);
            throw e;
        }
    }

    /**
     * WRITE_DELAY=0: H2 writes each commit to the file (one chunk) before {@code commit()} returns, on the
     * committing thread; the default 500 ms delay lost acknowledged rows on kill -9. No space reuse and no
     * compaction by H2 (MAX_COMPACT_TIME=0, also at close), because overwriting dead chunks (after any
     * retention tried: 1 s, 5 s, 45 s) and compaction while writing lost acknowledged rows in the kill -9
     * test (bench/README.md); the store rewrites the file instead ({@link FileRewrite}). QUERY_CACHE_SIZE: H2
     * keeps 8 parsed statements per connection by default, and the writer connection runs every domain's
     * SQL, so a claim → complete cycle re-parsed most of its statements; 256 took bench/coord-claim.sh from
     * 722 to 1,661 cycles/s.
     */
    static String url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve(DB_NAME) + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;REUSE_SPACE="
                + (REUSE_SPACE_WHILE_OPEN ? "TRUE" : "FALSE") + ";MAX_COMPACT_TIME=0;RETENTION_TIME=" + RETENTION_MS
                + ";QUERY_CACHE_SIZE=256;IFEXISTS=TRUE";
    }

    /** As {@link #url} but allowed to create the file: only when there is none (checked before). */
    static String createUrl(Path dir) {
        return url(dir).replace(";IFEXISTS=TRUE", "");
    }

    static Path file(Path dir) {
        return dir.resolve(DB_NAME + ".mv.db");
    }

    static Connection connect(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url, "dispatch", "");
        c.setAutoCommit(false);
        return c;
    }

    /** The live data in the file as opened, from H2's own count of live pages per chunk. */
    static long liveEstimate(Connection conn, Path file) {
        long size = size(file);
        try {
            SessionLocal session =
                    (SessionLocal) conn.unwrap(JdbcConnection.class).getSession();
            MVStore mv = session.getDatabase().getStore().getMvStore();
            return size * mv.getFileStore().getChunksFillRate() / 100;
        } catch (SQLException | RuntimeException e) {
            return size; // assume all live: the first rewrite then waits for twice the size, and corrects it
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
